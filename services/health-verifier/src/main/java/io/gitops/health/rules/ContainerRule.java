package io.gitops.health.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.gitops.events.data.RolloutFailureReason;

/**
 * A failure rule about the containers of a revision's new pods, read from the rules file. Every condition given must
 * hold; {@code forAtLeast} and {@code observationsAtLeast} additionally ask how long, or how many consecutive
 * observations, they held.
 *
 * @param waitingReasons      the container waits for one of these reasons (empty: any state)
 * @param running             the container is (true) or is not (false) running; null: either
 * @param ready               the container is (true) or is not (false) ready; null: either. Never matches init containers
 * @param restartsAbove       restarts above this threshold (a name from {@link Thresholds} or a number); null: any
 * @param afterInitialDelay   only once the readiness probe's initialDelaySeconds passed since the container started
 * @param forAtLeast          the conditions have held for this long (a name from {@link Thresholds} or e.g. 5s)
 * @param observationsAtLeast the conditions held in this many consecutive observations (name or number)
 */
public record ContainerRule(String name, Set<String> waitingReasons, Boolean running, Boolean ready,
                            String restartsAbove, boolean afterInitialDelay, String forAtLeast,
                            String observationsAtLeast, RolloutFailureReason fail, MessageTemplate message) {

    /** The variables a container rule's message may use. */
    public static final Set<String> VARIABLES = Set.of("workload", "pod", "container", "image", "restarts",
            "restartCount", "waitingReason", "waitingMessage", "lastTermination", "for", "observations", "threshold");

    public ContainerRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fail, "fail");
        Objects.requireNonNull(message, "message");
        waitingReasons = Set.copyOf(waitingReasons);
    }

    /** Whether this rule needs earlier observations (a duration or a count). */
    public boolean temporal() {
        return forAtLeast != null || observationsAtLeast != null;
    }

    /** Whether the rule's conditions hold for the container now (before any duration or count). */
    public boolean holds(ContainerView c, Thresholds thresholds, Instant now) {
        if (!waitingReasons.isEmpty() && (c.waitingReason() == null || !waitingReasons.contains(c.waitingReason()))) {
            return false;
        }
        if (running != null && running != c.running()) {
            return false;
        }
        if (ready != null && (c.init() || ready != c.ready())) {
            return false;
        }
        if (restartsAbove != null && c.restarts() <= thresholds.number(restartsAbove)) {
            return false;
        }
        return !afterInitialDelay || c.pastReadinessDelay(now);
    }

    /** The failure message for {@code c}. */
    public String render(ContainerView c, String workload, String held, int observations, String threshold) {
        int restarts = c.restarts();
        return message.render(Map.ofEntries(
                Map.entry("workload", workload),
                Map.entry("pod", c.podName()),
                Map.entry("container", String.valueOf(c.name())),
                Map.entry("image", String.valueOf(c.image())),
                Map.entry("restarts", restarts + (restarts == 1 ? " restart" : " restarts")),
                Map.entry("restartCount", String.valueOf(restarts)),
                Map.entry("waitingReason", String.valueOf(c.waitingReason())),
                Map.entry("waitingMessage", c.waitingMessage() == null ? "" : c.waitingMessage()),
                Map.entry("lastTermination", c.lastTermination()),
                Map.entry("for", held),
                Map.entry("observations", String.valueOf(observations)),
                Map.entry("threshold", threshold))).strip();
    }
}
