package io.gitops.build.exec.kubernetes;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.build.exec.BuiltImage;
import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.local.OutputTail;
import io.gitops.kit.Transience;

/**
 * Runs each stage as one Kubernetes Job (see {@link StageJobs}) through fabric8 and follows it: the result comes from
 * the Job's status (succeeded, failed, deadline exceeded), the output and the report files from its pod's log
 * ({@link LogReports}); the Job is deleted afterwards. An API server that cannot be reached is a transient failure.
 * <p>
 * It builds and pushes images itself ({@link #buildsImages()}): the build stage's spec becomes the build Job, whose
 * buildah container pushes and reports the digest ({@link BuildScript}); the digest is read from its log or, failing
 * that, its termination message and recorded in the workspace ({@link BuiltImage}) for the push stage, which checks
 * it against the registry. The push stage itself has nothing left to run in the cluster.
 */
public final class KubernetesExecutor implements StageExecutor {

    public static final String NAME = "kubernetes";

    /** Waits between status polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Supplier<KubernetesClient> clients;
    private final JobSettings settings;
    private final Duration pollInterval;
    private final int tailBytes;
    private final Pause pause;
    private final io.gitops.build.exec.SecretMask mask;

    /** An executor that masks nothing (tests without secrets). */
    public KubernetesExecutor(Supplier<KubernetesClient> clients, JobSettings settings, Duration pollInterval,
                              int tailBytes, Pause pause) {
        this(clients, settings, pollInterval, tailBytes, pause, io.gitops.build.exec.SecretMask.none());
    }

    /** @param mask hides the configured secrets in the output tails built from pod logs */
    public KubernetesExecutor(Supplier<KubernetesClient> clients, JobSettings settings, Duration pollInterval,
                              int tailBytes, Pause pause, io.gitops.build.exec.SecretMask mask) {
        this.mask = mask;
        this.clients = clients;
        this.settings = settings;
        this.pollInterval = pollInterval;
        this.tailBytes = tailBytes;
        this.pause = pause;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** True: the image is built and pushed by the build Job, never in the orchestrator's pod. */
    @Override
    public boolean buildsImages() {
        return true;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        if (spec.command().isBlank() && !spec.imageBuild()) {
            return new CommandResult.Exited(0, "nothing to run as a Job for " + spec.stage()
                    + ": the build Job built and pushed the image", spec.workspace(), Duration.ZERO);
        }
        int attempt = Integer.parseInt(spec.env().getOrDefault("GITOPS_ATTEMPT", "1"));
        String name = StageJobs.name(spec, attempt);
        KubernetesClient client;
        try {
            client = clients.get();
        } catch (RuntimeException e) {
            return new CommandResult.NotRun("no Kubernetes client: " + e.getMessage(), false);
        }
        long started = System.nanoTime();
        try {
            var jobs = client.batch().v1().jobs().inNamespace(settings.namespace());
            if (jobs.withName(name).get() == null) {
                jobs.resource(StageJobs.job(spec, name, settings)).create();
            }
            long deadline = started + spec.timeout().plusSeconds(30).toNanos();
            while (true) {
                Job job = jobs.withName(name).get();
                if (job == null) {
                    return new CommandResult.NotRun("Job " + settings.namespace() + "/" + name + " disappeared", true);
                }
                JobStatus status = job.getStatus();
                if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
                    return finished(client, spec, name, 0, started);
                }
                String failure = failure(status);
                if (failure != null) {
                    if ("DeadlineExceeded".equals(failure)) {
                        String tail = logs(client, name).output();
                        return new CommandResult.TimedOut(spec.timeout(), tail(tail));
                    }
                    return finished(client, spec, name, 1, started);
                }
                if (System.nanoTime() > deadline) {
                    return new CommandResult.TimedOut(spec.timeout(), "Job " + name + " did not finish");
                }
                pause.pause(pollInterval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult.NotRun("interrupted (service stopping)", true);
        } catch (KubernetesClientException e) {
            return new CommandResult.NotRun("Kubernetes API: " + e.getMessage(), Transience.isTransient(e));
        } finally {
            delete(client, name);
        }
    }

    private CommandResult finished(KubernetesClient client, CommandSpec spec, String name, int statusExit,
                                   long started) {
        if (spec.imageBuild()) {
            return built(client, spec, name, statusExit, started);
        }
        Logs logs = logs(client, name);
        int exit = statusExit;
        String output = logs.output();
        try {
            LogReports.Parsed parsed = LogReports.extract(logs.raw(), spec.workspace());
            if (!logs.raw().isEmpty()) {
                output = parsed.output();
            }
            if (statusExit != 0 && parsed.exitCode().isPresent() && parsed.exitCode().getAsInt() != 0) {
                exit = parsed.exitCode().getAsInt();
            }
        } catch (IOException e) {
            output = output + "\n(report files could not be written: " + e.getMessage() + ")";
        }
        return new CommandResult.Exited(exit, tail(output), spec.workspace(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The build Job's end: its output, and on success the digest it reported, recorded for the push stage. */
    private CommandResult built(KubernetesClient client, CommandSpec spec, String name, int statusExit,
                                long started) {
        Logs logs = logs(client, name);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (statusExit != 0) {
            return new CommandResult.Exited(statusExit, tail(logs.output()), spec.workspace(), took);
        }
        java.util.Optional<String> digest = BuildScript.digest(logs.raw(), logs.terminationMessage());
        if (digest.isEmpty()) {
            return new CommandResult.Exited(1, tail(logs.output() + "\nthe build Job " + name
                    + " succeeded but reported no digest"), spec.workspace(), took);
        }
        try {
            BuiltImage.record(spec.workspace(), digest.get());
        } catch (IOException e) {
            return new CommandResult.NotRun("cannot record the digest in " + spec.workspace() + ": "
                    + e.getMessage(), true);
        }
        return new CommandResult.Exited(0, tail(logs.output() + "\npushed "
                + spec.env().get(BuildScript.IMAGE) + " by the build Job " + name + ": " + digest.get()),
                spec.workspace(), took);
    }

    private static String failure(JobStatus status) {
        if (status == null) {
            return null;
        }
        List<JobCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        for (JobCondition condition : conditions) {
            if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                return condition.getReason() == null ? "Failed" : condition.getReason();
            }
        }
        return status.getFailed() != null && status.getFailed() > 0 ? "Failed" : null;
    }

    /**
     * The log of the Job's pod ({@code package} init container, if any, then {@code stage}): {@code raw} with file
     * payloads, {@code output} what to show; and the stage container's termination message.
     */
    private record Logs(String raw, String output, String terminationMessage) {
    }

    private Logs logs(KubernetesClient client, String job) {
        try {
            List<Pod> pods = client.pods().inNamespace(settings.namespace()).withLabel("job-name", job).list().getItems();
            if (pods.isEmpty()) {
                return new Logs("", "(no pod of Job " + job + " left to read logs from)", null);
            }
            Pod pod = pods.get(0);
            StringBuilder log = new StringBuilder();
            boolean packaged = pod.getSpec() != null && pod.getSpec().getInitContainers() != null && pod.getSpec()
                    .getInitContainers().stream().anyMatch(c -> StageJobs.PACKAGE_CONTAINER.equals(c.getName()));
            if (packaged) {
                log.append(containerLog(client, pod, StageJobs.PACKAGE_CONTAINER));
            }
            log.append(containerLog(client, pod, StageJobs.STAGE_CONTAINER));
            return new Logs(log.toString(), log.toString(), terminationMessage(pod));
        } catch (KubernetesClientException e) {
            return new Logs("", "(pod logs unavailable: " + e.getMessage() + ")", null);
        }
    }

    private String containerLog(KubernetesClient client, Pod pod, String container) {
        try {
            String log = client.pods().inNamespace(settings.namespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "(log of container " + container + " unavailable: " + e.getMessage() + ")\n";
        }
    }

    private static String terminationMessage(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> StageJobs.STAGE_CONTAINER.equals(c.getName()))
                .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> c.getState().getTerminated().getMessage())
                .findFirst().orElse(null);
    }

    private String tail(String text) {
        return OutputTail.of(text, tailBytes, mask);
    }

    private void delete(KubernetesClient client, String name) {
        try {
            client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            // the TTL removes it later
        }
    }

    @Override
    public void close() {
        // Jobs in flight are deleted by the runs that created them; the client belongs to Quarkus.
    }
}
