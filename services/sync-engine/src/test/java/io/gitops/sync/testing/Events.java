package io.gitops.sync.testing;

import java.time.Instant;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.PushFields;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.WebhookReceived;

/** Platform events as the other services publish them. */
public final class Events {

    private Events() {
    }

    public static Event<ConfigChanged> configChanged(String app, String env, String commit, String tag,
                                                     String sourceCommit, ChangeCause cause, String pullRequestUrl) {
        return Event.of(new ConfigChanged(app, env, ConfigRepoFixture.FULL_NAME, ConfigRepoFixture.BRANCH, commit,
                        null, null, tag, cause, pullRequestUrl, sourceCommit,
                        Instant.parse("2026-11-27T09:59:58Z"), "pl-" + app, null, Instant.now()))
                .source("config-bumper").idFrom("config-changed", app, env, commit)
                .correlationId(sourceCommit).build();
    }

    public static Event<WebhookReceived> push(String repository, String branch, String after) {
        return Event.of(new WebhookReceived("delivery-" + after, "push", null, repository, 1L, "someone",
                        Instant.now(), new PushFields("refs/heads/" + branch, branch, "0".repeat(40), after, false,
                        false, false, Instant.now(), "change", "someone"), null))
                .source("ingest").idFrom("webhook", after, repository).build();
    }

    public static Event<RolloutFailed> rolloutFailed(String app, String env, String failedRevision, String failedTag,
                                                     String lastHealthyRevision, String lastHealthyTag) {
        return Event.of(new RolloutFailed(app, env, app + "-" + env, failedRevision,
                        List.of("registry.local/" + app + ":" + failedTag), failedTag, RolloutFailureReason.CRASH_LOOP,
                        "pod " + app + "-x container app is in CrashLoopBackOff", "Deployment/" + app, true,
                        lastHealthyRevision, lastHealthyTag, 3000, Instant.now()))
                .source("health-verifier").idFrom("rollout-failed", app, env, failedRevision)
                .correlationId(failedTag).build();
    }

    /** The verifier's verdict that the restored last healthy revision failed too ({@code RESTORE_FAILED}). */
    public static Event<RolloutFailed> restoreFailed(String app, String env, String restoredRevision, String tag) {
        return Event.of(new RolloutFailed(app, env, app + "-" + env, restoredRevision,
                        List.of("registry.local/" + app + ":" + tag), tag, RolloutFailureReason.RESTORE_FAILED,
                        "restore of the last healthy revision failed (IMAGE_PULL): pod " + app + "-x cannot pull",
                        "Deployment/" + app, true, restoredRevision, tag, 3000, Instant.now()))
                .source("health-verifier").idFrom("rollout-failed", app, env, restoredRevision, "restore")
                .correlationId(tag).build();
    }
}
