package io.gitops.events.data;

/** Why the configuration repository changed. */
public enum ChangeCause {
    /** The config-bumper wrote a new image tag. */
    BUMP,
    /** The config-bumper reverted a failed rollout to the last healthy tag (and quarantined the failed one). */
    REVERT,
    /** Someone else changed the configuration repository (seen on a push). */
    EXTERNAL
}
