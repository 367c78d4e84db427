package io.gitops.bumper.edit;


import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.commit.ChangeTrailers;
import io.gitops.events.CommitShas;
import io.gitops.events.data.ChangeCause;

/**
 * One app/env change the bumper wrote (or is about to write) into the config repository.
 *
 * @param oldTag         the tag the values held before (null when the key was missing)
 * @param newTag         the tag the values hold after
 * @param quarantinedTag the tag added to the quarantine (reverts), else null
 * @param note           why a revert only quarantined, else null
 */
public record AppliedChange(
        Intent intent,
        String app,
        String env,
        String valuesFile,
        String valuesKey,
        String oldTag,
        String newTag,
        ChangeCause cause,
        String quarantinedTag,
        String note) {


    /** The trailers recording this change in its commit. */
    public ChangeTrailers trailers() {
        if (intent instanceof Intent.Bump bump) {
            return new ChangeTrailers(app, env, newTag, oldTag, bump.artifact().sourceCommit(),
                    bump.artifact().commitTime(), bump.artifact().pipelineId(), cause, quarantinedTag,
                    intent.event().id());
        }
        // Image tags are full commit SHAs: a revert goes back to the build of that commit.
        String sourceCommit = CommitShas.isFull(newTag) ? newTag : null;
        return new ChangeTrailers(app, env, newTag, oldTag, sourceCommit, null, null, cause, quarantinedTag,
                intent.event().id());
    }
}
