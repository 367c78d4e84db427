package io.gitops.events.data;

/** What made the sync engine reconcile. */
public enum SyncTrigger {
    CONFIG_CHANGED,
    WEBHOOK,
    POLL,
    ROLLBACK,
    SELF_HEAL,
    STARTUP
}
