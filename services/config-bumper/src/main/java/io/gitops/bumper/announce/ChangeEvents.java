package io.gitops.bumper.announce;

import java.time.Instant;

import io.gitops.bumper.commit.ChangeTrailers;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.events.Event;
import io.gitops.events.EventIds;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;

/**
 * Builds {@code config.changed} events. The id is derived from app, env and commit only, so the event published right
 * after the push and the one a later instance re-publishes from the commit's trailers (crash recovery) are the same
 * fact with the same id, and consumers dedupe them.
 */
public final class ChangeEvents {

    public static final String SOURCE = "config-bumper";

    private ChangeEvents() {
    }

    public static String id(String app, String env, String commit) {
        return EventIds.stable("config.changed", app, env, commit);
    }

    /** The event of a change this instance just pushed (or put on a pull request branch). */
    public static Event<ConfigChanged> of(AppliedChange change, String repo, String branch, String commit,
                                   String previousCommit, String pullRequestUrl, Instant changedAt) {
        ChangeTrailers trailers = change.trailers();
        ConfigChanged data = data(trailers, repo, branch, commit, previousCommit, pullRequestUrl, changedAt);
        return Event.of(data).id(id(change.app(), change.env(), commit)).source(SOURCE).time(changedAt)
                .causedBy(change.intent().event()).build();
    }

    /** The event of a bumper commit found in the history without its announcement. */
    public static Event<ConfigChanged> recovered(ChangeTrailers trailers, String repo, String branch, String commit,
                                          String previousCommit, Instant changedAt) {
        ConfigChanged data = data(trailers, repo, branch, commit, previousCommit, null, changedAt);
        String correlation = trailers.cause() == ChangeCause.REVERT && trailers.quarantinedTag() != null
                ? trailers.quarantinedTag() : trailers.sourceCommit();
        return Event.of(data).id(id(trailers.app(), trailers.env(), commit)).source(SOURCE).time(changedAt)
                .correlationId(correlation).causationId(trailers.causedBy()).build();
    }

    private static ConfigChanged data(ChangeTrailers trailers, String repo, String branch, String commit,
                                      String previousCommit, String pullRequestUrl, Instant changedAt) {
        return new ConfigChanged(trailers.app(), trailers.env(), repo, branch, commit, previousCommit,
                trailers.previousTag(), trailers.tag(), trailers.cause(), pullRequestUrl, trailers.sourceCommit(),
                trailers.sourceCommitTime(), trailers.pipelineId(), trailers.quarantinedTag(), changedAt);
    }
}
