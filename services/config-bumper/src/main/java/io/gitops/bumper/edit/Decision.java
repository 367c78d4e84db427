package io.gitops.bumper.edit;

import io.gitops.bumper.targets.TargetResult;

/** What an editor decided for one target: an edit to commit, or a result without a commit. */
public sealed interface Decision {

    record Apply(AppliedChange change) implements Decision {
    }

    record Settle(TargetResult result) implements Decision {
    }
}
