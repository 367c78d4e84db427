package io.gitops.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.gitops.config.AppConfig;
import io.gitops.config.AppConfigParser;
import io.gitops.events.Event;
import io.gitops.events.data.AppHealth;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.git.ConfigChange;
import org.junit.jupiter.api.Test;

class SyncEventsTest {

    static final AppTarget TARGET = new AppTarget("shop", "prod", "shop-prod", null);

    @Test
    void givenTheSameFactPublishedTwice_whenBuilt_thenBothEventsHaveTheSameIdKeyAndSource() {
        List<Event<?>> published = new ArrayList<>();
        SyncEvents events = new SyncEvents(published::add, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        ConfigChange change = new ConfigChange("c1", "t", "src", Instant.EPOCH, "bump");

        for (int i = 0; i < 2; i++) {
            events.succeeded(TARGET, "rev", null, "sha256:d", List.of("img"), change, 3, 0, true, 5,
                    SyncTrigger.POLL, null);
        }

        assertThat(published.get(0).id()).isEqualTo(published.get(1).id());
        assertThat(published.get(0).key()).isEqualTo("shop/prod");
        assertThat(published.get(0).source().toString()).isEqualTo("/gitops/sync-engine");
        assertThat(published.get(0).correlationId()).isEqualTo("src");
        assertThat(published.get(0).causationId()).isNull();
    }

    @Test
    void givenDifferentFacts_whenBuilt_thenTheIdsDiffer() {
        List<Event<?>> published = new ArrayList<>();
        SyncEvents events = new SyncEvents(published::add, Clock.systemUTC());

        events.failed(TARGET, "rev", SyncFailureReason.RENDER_FAILED, "boom", SyncTrigger.POLL, null, null);
        events.failed(TARGET, "rev", SyncFailureReason.QUARANTINED, "boom", SyncTrigger.POLL, null, null);

        assertThat(published.get(0).id()).isNotEqualTo(published.get(1).id());
    }

    @Test
    void givenAnAppYamlWithHealthSettings_whenASyncSucceeds_thenTheEventCarriesThemForTheVerifier() {
        AppConfig app = ((AppConfigParser.Parsed) AppConfigParser.parse("""
                name: shop
                source: {repo: acme/shop, branch: main}
                image: {repository: registry.local/shop}
                environments: [{name: prod, namespace: shop-prod, promotion: auto}]
                health: {timeoutSeconds: 45, minStableSeconds: 3}
                """, "apps/shop/app.yaml")).app();
        List<Event<?>> published = new ArrayList<>();
        SyncEvents events = new SyncEvents(published::add, Clock.systemUTC());
        ConfigChange change = new ConfigChange("c1", "t", "src", Instant.EPOCH, "bump");

        events.succeeded(new AppTarget("shop", "prod", "shop-prod", app), "rev", null, "sha256:d", List.of("img"),
                change, 3, 0, true, 5, SyncTrigger.CONFIG_CHANGED, null);

        assertThat(((SyncSucceeded) published.get(0).data()).health()).isEqualTo(new AppHealth(45, 3));
    }

    @Test
    void givenATargetWhoseAppYamlIsNotKnown_whenASyncSucceeds_thenTheEventCarriesNoHealthSettings() {
        List<Event<?>> published = new ArrayList<>();
        SyncEvents events = new SyncEvents(published::add, Clock.systemUTC());
        ConfigChange change = new ConfigChange("c1", "t", "src", Instant.EPOCH, "bump");

        events.succeeded(TARGET, "rev", null, "sha256:d", List.of("img"), change, 0, 0, false, 5,
                SyncTrigger.POLL, null);

        assertThat(((SyncSucceeded) published.get(0).data()).health()).isNull();
    }
}
