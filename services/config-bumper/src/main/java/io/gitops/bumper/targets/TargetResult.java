package io.gitops.bumper.targets;

import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;

/** How one app/env of an intent ended. {@code env} is null for failures found before any environment. */
public sealed interface TargetResult {

    String app();

    String env();

    /** A commit with the change is on the config branch and {@code config.changed} was published. */
    record Changed(String app, String env, Event<ConfigChanged> event) implements TargetResult {
    }

    /** The change is on a pull request branch and the pull request is open; {@code config.changed} was published. */
    record PullRequestOpened(String app, String env, Event<ConfigChanged> event, boolean created)
            implements TargetResult {
    }

    /** Git already holds what was asked: no commit (never an empty one). */
    record Unchanged(String app, String env, String reason) implements TargetResult {
    }

    /** A newer build for the same app/env won (in the same batch or already in Git). */
    record Superseded(String app, String env, String reason) implements TargetResult {
    }

    /** Deliberately not done, e.g. the tag is quarantined. */
    record Refused(String app, String env, String reason) implements TargetResult {
    }

    /** It failed: permanently (bad input, a refused push) or transiently (retry). */
    record Failed(String app, String env, boolean permanent, String reason) implements TargetResult {
    }
}
