package io.gitops.events.data;

/** Why a sync failed. */
public enum SyncFailureReason {
    FETCH_FAILED,
    INVALID_CONFIG,
    RENDER_FAILED,
    QUARANTINED,
    APPLY_FAILED,
    REJECTED_REVISION
}
