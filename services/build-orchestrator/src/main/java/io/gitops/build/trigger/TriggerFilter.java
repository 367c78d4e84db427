package io.gitops.build.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

import io.gitops.build.BuildMetrics.TriggerDecision;
import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.events.data.PushFields;
import io.gitops.events.data.WebhookReceived;

/**
 * Decides what a webhook starts. A push to the tracked branch of a registered application starts its pipeline;
 * ignored are branch deletions, other branches, unregistered repositories and commits already built. A push for an
 * application whose app.yaml is broken gives a failed pipeline instead of silence.
 */
public final class TriggerFilter {

    private static final String ZERO_SHA = "0".repeat(40);

    private TriggerFilter() {
    }

    public static List<Trigger> decide(WebhookReceived webhook, ConfigCatalog catalog, List<BrokenApp> broken,
                                       BiPredicate<String, String> alreadyBuilt) {
        PushFields push = webhook.push();
        if (!"push".equals(webhook.event()) || push == null) {
            return List.of(new Trigger.Ignored(TriggerDecision.NOT_A_PUSH, "event " + webhook.event()));
        }
        if (push.deleted() || push.after() == null || ZERO_SHA.equals(push.after())) {
            return List.of(new Trigger.Ignored(TriggerDecision.BRANCH_DELETED, push.ref() + " deleted"));
        }
        if (push.branch() == null || !push.after().toLowerCase(Locale.ROOT).matches("[0-9a-f]{40}")) {
            return List.of(new Trigger.Ignored(TriggerDecision.OTHER_BRANCH, push.ref() + " is not a branch"));
        }
        List<AppConfig> apps = catalog.appsForSourceRepo(webhook.repository());
        List<BrokenApp> brokenApps = broken;
        if (apps.isEmpty() && brokenApps.isEmpty()) {
            return List.of(new Trigger.Ignored(TriggerDecision.UNREGISTERED_REPO, webhook.repository()
                    + " is the source of no application"));
        }
        String commit = push.after().toLowerCase(Locale.ROOT);
        List<Trigger> triggers = new ArrayList<>();
        for (AppConfig app : apps) {
            triggers.add(decide(app.name(), app.source().branch(), push.branch(), commit, alreadyBuilt,
                    new Trigger.Build(app)));
        }
        for (BrokenApp app : brokenApps) {
            String branch = app.branch() == null ? "main" : app.branch();
            triggers.add(decide(app.app(), branch, push.branch(), commit, alreadyBuilt,
                    new Trigger.BrokenConfig(app.app(), app.reason())));
        }
        return triggers;
    }

    private static Trigger decide(String app, String trackedBranch, String pushedBranch, String commit,
                                  BiPredicate<String, String> alreadyBuilt, Trigger build) {
        if (!trackedBranch.equals(pushedBranch)) {
            return new Trigger.Ignored(TriggerDecision.OTHER_BRANCH, app + " tracks " + trackedBranch + ", not "
                    + pushedBranch);
        }
        if (alreadyBuilt.test(app, commit)) {
            return new Trigger.Ignored(TriggerDecision.ALREADY_BUILT, app + " already has a pipeline for " + commit);
        }
        return build;
    }
}
