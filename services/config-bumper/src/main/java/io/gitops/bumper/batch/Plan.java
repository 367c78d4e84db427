package io.gitops.bumper.batch;

import java.util.List;
import java.util.Map;

import io.gitops.bumper.edit.AppliedChange;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResult;

/**
 * What one batch will do on one base commit: the commits to push to the config branch (each revert its own commit,
 * then one commit for every bump), the pull requests to open or update, and the results already settled without a
 * commit (failures, no-ops, superseded, refused).
 */
public record Plan(List<PlannedCommit> commits, List<Target> pullRequests, Map<Intent, List<TargetResult>> settled,
            int coalesced) {

    /** One commit: its message, the files it writes and the changes it records. */
    public record PlannedCommit(String message, Map<String, String> files, List<AppliedChange> changes) {
    }
}
