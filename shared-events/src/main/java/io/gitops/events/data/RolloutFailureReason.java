package io.gitops.events.data;

/** Why a rollout was judged failed. */
public enum RolloutFailureReason {
    PROGRESS_DEADLINE_EXCEEDED,
    CRASH_LOOP,
    IMAGE_PULL,
    READINESS,
    TIMEOUT,
    WORKLOAD_MISSING
}
