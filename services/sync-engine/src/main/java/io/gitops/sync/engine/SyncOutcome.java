package io.gitops.sync.engine;

import io.gitops.events.data.SyncFailureReason;

/** How syncing one (app, env) ended. */
public sealed interface SyncOutcome
        permits SyncOutcome.Applied, SyncOutcome.Unchanged, SyncOutcome.Failed, SyncOutcome.Skipped {

    String app();

    String env();

    /** New manifests were applied (and pruned) and recorded. */
    record Applied(String app, String env, String revision, String digest, int objectsApplied, int objectsPruned)
            implements SyncOutcome {
    }

    /** The cluster already runs what Git renders: nothing applied. */
    record Unchanged(String app, String env, String revision, String digest) implements SyncOutcome {
    }

    /** Nothing applied, for a reason; the cluster keeps what ran. */
    record Failed(String app, String env, String revision, SyncFailureReason reason, String error)
            implements SyncOutcome {
    }

    /** Not this instance's to sync (another owns it), or not automated. */
    record Skipped(String app, String env, String why) implements SyncOutcome {
    }
}
