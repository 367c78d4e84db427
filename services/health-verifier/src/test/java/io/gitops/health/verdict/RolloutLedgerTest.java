package io.gitops.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncTrigger;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Verdict;
import org.junit.jupiter.api.Test;

/** What the verifier remembers per (app, env) from the rollout topic. */
class RolloutLedgerTest {

    private static final AppEnv SHOP = new AppEnv("shop", "staging");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Verdict.Failed CRASH = new Verdict.Failed(RolloutFailureReason.CRASH_LOOP, "crash",
            "Deployment/shop", null);

    private final RolloutLedger ledger = new RolloutLedger(100);

    private static RolloutRequest request(String revision, String tag) {
        return new RolloutRequest(SHOP, "shop-staging", revision, List.of("registry.local:5000/shop:" + tag), null,
                null, T0, RolloutRequest.Cause.APPLIED, "cause-" + revision, null, HealthSettings.DEFAULT);
    }

    @Test
    void healthyVerdictIsRememberedAsTheLastHealthyRevisionAndTag() {
        // Given a revision that was being watched
        ledger.apply(RolloutEvents.progressing(request("r1", "t1"), List.of(), T0), 2);

        // When its healthy verdict is applied
        ledger.apply(RolloutEvents.healthy(request("r1", "t1"), T0.plusSeconds(20)), 2);

        // Then it is the last healthy revision and nothing is pending
        assertThat(ledger.lastHealthy(SHOP)).contains(new RolloutLedger.LastHealthy("r1", "t1", T0.plusSeconds(20)));
        assertThat(ledger.pending()).isEmpty();
        assertThat(ledger.failingSince(SHOP)).isEmpty();
    }

    @Test
    void failingSinceIsTheFirstFailureAfterTheLastHealthyVerdict() {
        // Given a healthy revision, then two failed ones
        ledger.apply(RolloutEvents.healthy(request("r1", "t1"), T0), 0);
        ledger.apply(RolloutEvents.failed(request("r2", "t2"), CRASH, true, null, T0.plusSeconds(60)), 0);

        // When another failure follows
        ledger.apply(RolloutEvents.failed(request("r3", "t3"), CRASH, true, null, T0.plusSeconds(120)), 0);

        // Then the app has been failing since the first failure, and r1 is still what to go back to
        assertThat(ledger.failingSince(SHOP)).contains(T0.plusSeconds(60));
        assertThat(ledger.lastHealthy(SHOP)).get().extracting(RolloutLedger.LastHealthy::revision).isEqualTo("r1");
    }

    @Test
    void progressingWithoutVerdictIsPendingWithItsPartition() {
        // Given nothing known about the app

        // When a progressing event read from partition 4 is applied
        ledger.apply(RolloutEvents.progressing(request("r1", "t1"), List.of("Deployment/shop"), T0), 4);

        // Then the rollout is pending, ready to be taken over
        assertThat(ledger.pending()).singleElement().satisfies(p -> {
            assertThat(p.revision()).isEqualTo("r1");
            assertThat(p.causeEventId()).isEqualTo("cause-r1");
            assertThat(p.partition()).isEqualTo(4);
            assertThat(p.startedAt()).isEqualTo(T0);
        });
    }

    @Test
    void verdictOfAnotherRolloutDoesNotConcludeThePendingOne() {
        // Given r2 pending
        ledger.apply(RolloutEvents.progressing(request("r2", "t2"), List.of(), T0), 0);

        // When a verdict of r1 (an older watch) is applied
        ledger.apply(RolloutEvents.failed(request("r1", "t1"), CRASH, true, null, T0.plusSeconds(1)), 0);

        // Then r2 is still pending
        assertThat(ledger.pending(SHOP)).get().extracting(RolloutLedger.Pending::revision).isEqualTo("r2");
    }

    @Test
    void repeatedAndOlderEventsChangeNothing() {
        // Given a failure after a healthy verdict
        Event<?> healthy = RolloutEvents.healthy(request("r1", "t1"), T0);
        ledger.apply(healthy, 0);
        ledger.apply(RolloutEvents.failed(request("r2", "t2"), CRASH, true, null, T0.plusSeconds(60)), 0);

        // When the healthy verdict is read back again, and an older one arrives late
        boolean repeated = ledger.apply(healthy, 0);
        boolean older = ledger.apply(RolloutEvents.healthy(request("r0", "t0"), T0.minus(Duration.ofHours(1))), 0);

        // Then neither is applied: the app is still failing
        assertThat(repeated).isFalse();
        assertThat(older).isFalse();
        assertThat(ledger.failingSince(SHOP)).contains(T0.plusSeconds(60));
    }

    @Test
    void progressingEventIsAnnouncedToListeners() {
        // Given a listener
        List<String> heard = new CopyOnWriteArrayList<>();
        ledger.onProgressing((appEnv, cause, at) -> heard.add(appEnv + " " + cause + " " + at));

        // When a progressing event is applied
        ledger.apply(RolloutEvents.progressing(request("r1", "t1"), List.of(), T0), 0);

        // Then the listener hears which rollout started when
        assertThat(heard).containsExactly("shop/staging cause-r1 " + T0);
    }

    @Test
    void eventOfAnotherTopicIsIgnored() {
        // Given a sync event (not a rollout verdict)
        Event<SyncStarted> other = Event.of(new SyncStarted("shop", "staging", "shop-staging", "r1",
                SyncTrigger.POLL, T0)).idFrom("x").source("sync-engine").build();

        // When it is applied
        boolean applied = ledger.apply(other, 0);

        // Then nothing is remembered
        assertThat(applied).isFalse();
        assertThat(ledger.size()).isZero();
    }
}
