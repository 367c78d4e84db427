package io.gitops.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.gitops.events.Event;
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
}
