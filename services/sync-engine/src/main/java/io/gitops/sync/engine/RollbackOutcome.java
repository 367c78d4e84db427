package io.gitops.sync.engine;

/** How a failed-rollout verdict was handled. */
public sealed interface RollbackOutcome
        permits RollbackOutcome.RolledBack, RollbackOutcome.NoHealthyRevision, RollbackOutcome.Stale,
        RollbackOutcome.Failed, RollbackOutcome.RestoreFailed {

    /** The last healthy revision's recorded manifests were re-applied. */
    record RolledBack(String app, String env, String failedRevision, String revision, int objectsApplied,
                      long reactionMs) implements RollbackOutcome {
    }

    /** No healthy revision is recorded: the failed one stays halted and is not applied again. */
    record NoHealthyRevision(String app, String env, String failedRevision) implements RollbackOutcome {
    }

    /** The verdict is about a revision that no longer runs (a newer one was applied since). */
    record Stale(String app, String env, String failedRevision, String running) implements RollbackOutcome {
    }

    /** Re-applying failed; the failed revision is still marked not to be applied again. */
    record Failed(String app, String env, String failedRevision, String error) implements RollbackOutcome {
    }

    /**
     * The restored last healthy revision itself failed ({@code RESTORE_FAILED}): nothing healthier to go back to,
     * nothing re-applied or rejected; it stays halted until someone acts or Git moves on.
     */
    record RestoreFailed(String app, String env, String revision) implements RollbackOutcome {
    }
}
