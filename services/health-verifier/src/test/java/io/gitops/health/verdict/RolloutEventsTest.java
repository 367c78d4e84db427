package io.gitops.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Verdict;
import org.junit.jupiter.api.Test;

/** The rollout events of a watched revision. */
class RolloutEventsTest {

    private static final Instant SYNCED = Instant.parse("2026-11-27T10:02:02Z");
    private static final RolloutRequest REQUEST = new RolloutRequest(new AppEnv("shop", "staging"), "shop-staging",
            "4e5d6c7b8a9f0e1d2c3b4a59687766554433221a",
            List.of("registry.local:5000/shop:9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070"),
            "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070", Instant.parse("2026-11-27T09:59:58Z"), SYNCED,
            RolloutRequest.Cause.APPLIED, "sync-event-1", "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070",
            HealthSettings.DEFAULT);

    @Test
    void healthyVerdictCarriesRolloutDurationLeadTimeAndTheAppTag() {
        // Given a revision synced at 10:02:02 from a commit of 09:59:58

        // When it is judged healthy at 10:02:20
        Event<RolloutHealthy> event = RolloutEvents.healthy(REQUEST, Instant.parse("2026-11-27T10:02:20Z"));

        // Then the event is keyed, caused and timed as the contract says
        assertThat(event.key()).isEqualTo("shop/staging");
        assertThat(event.causationId()).isEqualTo("sync-event-1");
        assertThat(event.correlationId()).isEqualTo("9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070");
        assertThat(event.source().toString()).isEqualTo("/gitops/health-verifier");
        assertThat(event.data().rolloutMs()).isEqualTo(18_000);
        assertThat(event.data().leadTimeMs()).isEqualTo(142_000);
        assertThat(event.data().imageTag()).isEqualTo("9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070");
    }

    @Test
    void failedVerdictRoundTripsThroughTheCodecWithTheLastHealthyRevision() {
        // Given a crash-loop verdict and a last healthy revision
        Verdict.Failed verdict = new Verdict.Failed(RolloutFailureReason.CRASH_LOOP,
                "pod shop-5c7f9d-x2k4q container app is in CrashLoopBackOff (3 restarts, last exit code 1 (Error))",
                "Deployment/shop", null);
        RolloutLedger.LastHealthy last = new RolloutLedger.LastHealthy("0a1b2c3d", "1b2c3d4e", SYNCED.minusSeconds(600));

        // When the failed event is encoded and decoded
        Event<?> decoded = EventCodec.decode(EventCodec.headers(RolloutEvents.failed(REQUEST, verdict, true, last,
                SYNCED.plusSeconds(4))), EventCodec.encodeData(RolloutEvents.failed(REQUEST, verdict, true, last,
                SYNCED.plusSeconds(4)).data()));

        // Then every field survives
        RolloutFailed failed = (RolloutFailed) decoded.data();
        assertThat(failed.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
        assertThat(failed.halted()).isTrue();
        assertThat(failed.lastHealthyRevision()).isEqualTo("0a1b2c3d");
        assertThat(failed.lastHealthyTag()).isEqualTo("1b2c3d4e");
        assertThat(failed.failedTag()).isEqualTo("9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070");
        assertThat(failed.rolloutMs()).isEqualTo(4_000);
        assertThat(failed.workload()).isEqualTo("Deployment/shop");
    }

    @Test
    void idsAreStablePerRequestAndDifferPerVerdictKind() {
        // Given the same request judged twice (a retry) and a verdict of each kind
        Event<?> progressing = RolloutEvents.progressing(REQUEST, List.of(), SYNCED);
        Event<?> healthy = RolloutEvents.healthy(REQUEST, SYNCED.plusSeconds(1));

        // When the healthy verdict is built again later
        Event<?> retried = RolloutEvents.healthy(REQUEST, SYNCED.plusSeconds(9));

        // Then it has the same id, and the kinds have different ids
        assertThat(retried.id()).isEqualTo(healthy.id());
        assertThat(progressing.id()).isNotEqualTo(healthy.id());
    }
}
