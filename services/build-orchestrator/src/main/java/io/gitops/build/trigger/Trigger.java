package io.gitops.build.trigger;

import io.gitops.build.BuildMetrics.TriggerDecision;
import io.gitops.config.AppConfig;

/** What a push means for one application, or why it means nothing. */
public sealed interface Trigger permits Trigger.Build, Trigger.BrokenConfig, Trigger.Ignored {

    /** Build this app at the pushed commit. */
    record Build(AppConfig app) implements Trigger {
    }

    /** The push is for this app, but its app.yaml is missing or broken: a failed pipeline says why. */
    record BrokenConfig(String app, String reason) implements Trigger {
    }

    /** Nothing to build, and why (counted). */
    record Ignored(TriggerDecision decision, String detail) implements Trigger {
    }
}
