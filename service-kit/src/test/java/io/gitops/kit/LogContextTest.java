package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncTrigger;
import io.gitops.events.data.WebhookReceived;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class LogContextTest {

    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void givenAnAppEnvEvent_whenItsContextIsOpen_thenAppEnvCommitAndIdAreSetAndThenCleared() {
        Event<SyncStarted> event = Event.of(new SyncStarted("shop", "staging", "ns", "rev", SyncTrigger.POLL, AT))
                .id("e1").source("sync-engine").correlationId("abc").build();

        try (LogContext ignored = LogContext.of(event)) {
            assertThat(MDC.get("app")).isEqualTo("shop");
            assertThat(MDC.get("env")).isEqualTo("staging");
            assertThat(MDC.get("commit")).isEqualTo("abc");
            assertThat(MDC.get("eventId")).isEqualTo("e1");
        }

        assertThat(MDC.get("app")).isNull();
        assertThat(MDC.get("eventId")).isNull();
    }

    @Test
    void givenAnAppOnlyOrWebhookEvent_whenOpened_thenAppOrRepositoryIsSet() {
        var pipeline = Event.of(new PipelineQueued("p", "shop", "acme/shop", "main", "c", AT, List.of(), "local",
                null, AT)).id("e2").source("build-orchestrator").build();
        var webhook = Event.of(new WebhookReceived("d", "push", null, "acme/shop", null, null, AT, null,
                com.fasterxml.jackson.databind.node.NullNode.instance)).id("e3").source("ingest").build();

        try (LogContext a = LogContext.of(pipeline); LogContext b = LogContext.of(webhook)) {
            assertThat(MDC.get("app")).isEqualTo("shop");
            assertThat(MDC.get("env")).isNull();
            assertThat(MDC.get("repository")).isEqualTo("acme/shop");
        }
        try (LogContext c = LogContext.empty().put("x", null)) {
            assertThat(MDC.get("x")).isNull();
        }
    }
}
