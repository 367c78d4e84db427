package io.gitops.health.rules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * One container of one pod as the rules see it: its status joined with its spec (image, readiness probe).
 *
 * @param init whether it is an init container (readiness does not apply to those)
 */
public record ContainerView(Pod pod, String name, String image, ContainerStatus status, Container spec,
                            boolean init) {

    /** Every container of a pod that has a status: init containers first. */
    public static List<ContainerView> of(Pod pod) {
        List<ContainerView> views = new ArrayList<>();
        if (pod.getStatus() == null) {
            return views;
        }
        add(views, pod, pod.getStatus().getInitContainerStatuses(),
                pod.getSpec() == null ? List.of() : pod.getSpec().getInitContainers(), true);
        add(views, pod, pod.getStatus().getContainerStatuses(),
                pod.getSpec() == null ? List.of() : pod.getSpec().getContainers(), false);
        return views;
    }

    private static void add(List<ContainerView> views, Pod pod, List<ContainerStatus> statuses, List<Container> specs,
                            boolean init) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus status : statuses) {
            Container spec = specs == null ? null : specs.stream()
                    .filter(c -> status.getName() != null && status.getName().equals(c.getName()))
                    .findFirst().orElse(null);
            String image = status.getImage() != null && !status.getImage().isBlank() ? status.getImage()
                    : spec == null ? null : spec.getImage();
            views.add(new ContainerView(pod, status.getName(), image, status, spec, init));
        }
    }

    public String podName() {
        return pod.getMetadata().getName();
    }

    public String waitingReason() {
        return status.getState() == null || status.getState().getWaiting() == null ? null
                : status.getState().getWaiting().getReason();
    }

    public String waitingMessage() {
        return status.getState() == null || status.getState().getWaiting() == null ? null
                : status.getState().getWaiting().getMessage();
    }

    public boolean running() {
        return status.getState() != null && status.getState().getRunning() != null;
    }

    public boolean ready() {
        return Boolean.TRUE.equals(status.getReady());
    }

    public int restarts() {
        return status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    /** The last termination, e.g. {@code last exit code 1 (Error)}; {@code no termination recorded} when none. */
    public String lastTermination() {
        ContainerStateTerminated terminated = status.getLastState() == null ? null
                : status.getLastState().getTerminated();
        if (terminated == null && status.getState() != null) {
            terminated = status.getState().getTerminated();
        }
        if (terminated == null) {
            return "no termination recorded";
        }
        String reason = terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")";
        return "last exit code " + terminated.getExitCode() + reason;
    }

    /** Whether the readiness probe's initial delay has passed since the container started (true without a probe). */
    public boolean pastReadinessDelay(Instant now) {
        if (!running()) {
            return false;
        }
        int delay = spec == null || spec.getReadinessProbe() == null
                || spec.getReadinessProbe().getInitialDelaySeconds() == null ? 0
                : spec.getReadinessProbe().getInitialDelaySeconds();
        String startedAt = status.getState().getRunning().getStartedAt();
        if (delay == 0 || startedAt == null) {
            return true;
        }
        try {
            return !Instant.parse(startedAt).plusSeconds(delay).isAfter(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    public Verdict.Evidence evidence() {
        return new Verdict.Evidence("Pod", podName(), pod.getMetadata().getResourceVersion());
    }
}
