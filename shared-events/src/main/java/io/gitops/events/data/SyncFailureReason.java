package io.gitops.events.data;

/** Why a sync failed. */
public enum SyncFailureReason {
    FETCH_FAILED,
    INVALID_CONFIG,
    RENDER_FAILED,
    QUARANTINED,
    APPLY_FAILED,
    REJECTED_REVISION,
    /**
     * The API server refused the sync engine a request (403): its identity lacks a right in the app's namespace
     * (or the namespace does not exist); the error carries the API server's message naming the missing permission.
     */
    FORBIDDEN
}
