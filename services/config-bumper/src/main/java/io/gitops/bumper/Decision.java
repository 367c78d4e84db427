package io.gitops.bumper;

/** What an editor decided for one target: an edit to commit, or a result without a commit. */
sealed interface Decision {

    record Apply(AppliedChange change) implements Decision {
    }

    record Settle(TargetResult result) implements Decision {
    }
}
