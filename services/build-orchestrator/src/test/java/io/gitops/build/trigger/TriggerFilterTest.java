package io.gitops.build.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.gitops.build.BuildMetrics.TriggerDecision;
import io.gitops.build.testing.Apps;
import io.gitops.build.testing.Webhooks;
import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.config.Quarantine;
import io.gitops.events.data.WebhookReceived;
import org.junit.jupiter.api.Test;

class TriggerFilterTest {

    static final String SHA = Apps.SHA;

    static AppConfig app(String name, String repo) {
        return Apps.app(name, repo);
    }

    static final ConfigCatalog CATALOG = new ConfigCatalog(Map.of("shop", app("shop", "acme/shop"),
            "shop-admin", app("shop-admin", "acme/shop")), Map.of(), Quarantine.EMPTY, List.of());

    private static List<Trigger> decide(WebhookReceived webhook, List<BrokenApp> broken) {
        return TriggerFilter.decide(webhook, CATALOG, broken, (app, commit) -> app.equals("shop-admin")
                && commit.equals("1".repeat(40)));
    }

    @Test
    void givenAPushToTheTrackedBranch_whenDecided_thenEveryAppOfTheRepositoryIsBuilt() {
        List<Trigger> triggers = decide(Webhooks.push("acme/shop", "main", SHA).data(), List.of());

        assertThat(triggers).extracting(t -> ((Trigger.Build) t).app().name()).containsExactly("shop", "shop-admin");
    }

    @Test
    void givenABranchDeletion_whenDecided_thenItIsIgnored() {
        assertThat(decide(Webhooks.push("acme/shop", "main", Webhooks.ZERO).data(), List.of()))
                .containsExactly(new Trigger.Ignored(TriggerDecision.BRANCH_DELETED, "refs/heads/main deleted"));
    }

    @Test
    void givenAnotherBranch_whenDecided_thenItIsIgnoredPerApp() {
        assertThat(decide(Webhooks.push("acme/shop", "feature", SHA).data(), List.of()))
                .allSatisfy(t -> assertThat(((Trigger.Ignored) t).decision()).isEqualTo(TriggerDecision.OTHER_BRANCH));
    }

    @Test
    void givenAnUnregisteredRepository_whenDecided_thenItIsIgnored() {
        assertThat(decide(Webhooks.push("acme/blog", "main", SHA).data(), List.of())).singleElement()
                .satisfies(t -> assertThat(((Trigger.Ignored) t).decision()).isEqualTo(TriggerDecision.UNREGISTERED_REPO));
    }

    @Test
    void givenACommitAlreadyBuilt_whenDecided_thenThatAppIsIgnoredAndTheOtherBuilt() {
        List<Trigger> triggers = decide(Webhooks.push("acme/shop", "main", "1".repeat(40)).data(), List.of());

        assertThat(triggers.get(0)).isInstanceOf(Trigger.Build.class);
        assertThat(((Trigger.Ignored) triggers.get(1)).decision()).isEqualTo(TriggerDecision.ALREADY_BUILT);
    }

    @Test
    void givenAnotherEventThanPush_whenDecided_thenItIsNotAPush() {
        assertThat(decide(Webhooks.other("acme/shop", "workflow_run").data(), List.of())).singleElement()
                .satisfies(t -> assertThat(((Trigger.Ignored) t).decision()).isEqualTo(TriggerDecision.NOT_A_PUSH));
    }

    @Test
    void givenABrokenAppOfThePushedRepository_whenDecided_thenItGetsAFailedPipeline() {
        List<Trigger> triggers = decide(Webhooks.push("acme/blog", "main", SHA).data(),
                List.of(new BrokenApp("blog", "acme/blog", null, "apps/blog/app.yaml:3:1: bad")));

        assertThat(triggers).containsExactly(new Trigger.BrokenConfig("blog", "apps/blog/app.yaml:3:1: bad"));
    }
}
