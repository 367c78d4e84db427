package io.gitops.health.rules;

import java.util.Objects;

import io.gitops.events.data.RolloutFailureReason;

/**
 * What the health rules conclude about a rollout at one moment: healthy (every workload converged), progressing
 * (not there yet, with what it waits for) or failed (with the reason, a precise message and the workload).
 */
public sealed interface Verdict permits Verdict.Healthy, Verdict.Progressing, Verdict.Failed {

    /** A human-readable statement, e.g. {@code Deployment/shop: 3 of 3 replicas updated and available}. */
    String message();

    /** Every workload of the revision is updated and available (the stability window is the watch's business). */
    record Healthy(String message) implements Verdict {
        public Healthy {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The rollout is still going; {@code message} says what it waits for. */
    record Progressing(String message) implements Verdict {
        public Progressing {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The rollout failed.
     *
     * @param workload the workload as {@code Kind/name}, or null when there is none
     * @param evidence the object whose state showed the failure (a pod, a workload), or null (e.g. a timeout)
     */
    record Failed(RolloutFailureReason reason, String message, String workload, Evidence evidence)
            implements Verdict {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The object, and its version, whose observed state decided a failure. */
    record Evidence(String kind, String name, String resourceVersion) {
    }
}
