package io.gitops.events.data;

/**
 * Why a rollout was judged failed. {@link #RESTORE_FAILED} (added within v1) marks the failure of a restored revision
 * (the last healthy one, re-applied after a failed rollout): it stays halted, and its tag is not quarantined.
 */
public enum RolloutFailureReason {
    PROGRESS_DEADLINE_EXCEEDED,
    CRASH_LOOP,
    IMAGE_PULL,
    READINESS,
    TIMEOUT,
    WORKLOAD_MISSING,
    RESTORE_FAILED
}
