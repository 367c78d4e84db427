package io.gitops.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.rules.Verdict;
import io.gitops.health.testing.FakeViews;
import io.gitops.health.testing.RecordingHalter;
import io.gitops.health.testing.RecordingSink;
import io.gitops.health.watch.WorkloadViews;
import io.gitops.kit.Outcome;
import io.gitops.kit.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verifier's core over fake views: acting on verdicts, retries, take-overs, sharding. */
class RolloutVerifierTest {

    private static final AppEnv SHOP = new AppEnv("shop", "staging");
    private static final String IMAGE = "registry.local:5000/shop:9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    private static final HealthSettings NO_WINDOW = new HealthSettings(Duration.ofMinutes(5), Duration.ZERO);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeViews views = new FakeViews();
    private final RecordingSink sink = new RecordingSink();
    private final RecordingHalter halter = new RecordingHalter();
    private final RolloutLedger ledger = new RolloutLedger(1000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<RolloutVerifier.Concluded> concluded = new CopyOnWriteArrayList<>();
    private final RolloutVerifier verifier = new RolloutVerifier(new RolloutVerifier.Parts(views,
            new HealthEvaluator(HealthRules.builtIn(), Thresholds.DEFAULTS), halter, ledger, sink,
            new HealthMetrics(registry), Duration.ofSeconds(5), new Retry(3, Duration.ZERO, Duration.ZERO),
            d -> { }, appEnv -> NO_WINDOW, Clock.systemUTC()));

    RolloutVerifierTest() {
        verifier.onConcluded(concluded::add);
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    private static RolloutRequest request(String revision, String causeEventId, RolloutRequest.Cause cause) {
        return new RolloutRequest(SHOP, "shop-staging", revision, List.of(IMAGE), "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070",
                Instant.now().minusSeconds(60), Instant.now(), cause, causeEventId, "9f2c1e4b", NO_WINDOW);
    }

    private static Event<RolloutHealthy> healthy(String revision, String tag, Instant at) {
        RolloutRequest r = new RolloutRequest(SHOP, "shop-staging", revision,
                List.of("registry.local:5000/shop:" + tag), null, null, at, RolloutRequest.Cause.APPLIED,
                "cause-" + revision, null, NO_WINDOW);
        return RolloutEvents.healthy(r, at);
    }

    @Test
    void failedVerdictIsPublishedAfterTheHaltAndNamesTheLastHealthyRevision() {
        // Given a last healthy revision in the ledger and a new revision whose pod crash-loops
        ledger.apply(healthy("0a1b2c3d", "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", Instant.now().minusSeconds(600)), 0);
        views.state("deployment-crashloop.yaml");
        List<String> haltsBeforePublish = new CopyOnWriteArrayList<>();
        sink.beforePublish(e -> {
            if (e.data() instanceof RolloutFailed) {
                haltsBeforePublish.addAll(halter.calls);
            }
        });

        // When the verifier watches it
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));

        // Then the halt came first and the verdict names the pod, the failed tag and what to go back to
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        assertThat(haltsBeforePublish).containsExactly("resume", "halt [Deployment/shop]");
        RolloutFailed failed = sink.first(RolloutFailed.class).orElseThrow();
        assertThat(failed.halted()).isTrue();
        assertThat(failed.failedTag()).isEqualTo("9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070");
        assertThat(failed.lastHealthyRevision()).isEqualTo("0a1b2c3d");
        assertThat(failed.lastHealthyTag()).isEqualTo("1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e");
        assertThat(ledger.failingSince(SHOP)).isPresent();
        assertThat(registry.get(HealthMetrics.CHANGE_FAILURES).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(HealthMetrics.HALTS).tag("outcome", "halted").counter().count()).isEqualTo(1.0);
    }

    @Test
    void verdictTheBrokerRefusedOnceIsRetriedAndPublishedOnce() {
        // Given a broker that does not acknowledge the next failed verdict once
        views.state("deployment-crashloop.yaml");
        sink.refuse(RolloutFailed.class, 1);

        // When a failing revision is watched
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));

        // Then the verdict is published once, with the same id as the refused attempt
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        assertThat(sink.data(RolloutFailed.class)).hasSize(1);
        assertThat(sink.refused()).singleElement().extracting(Event::id)
                .isEqualTo(sink.events().get(sink.events().size() - 1).id());
    }

    @Test
    void verdictNeverAcknowledgedIsCountedAndStaysPendingForATakeOver() {
        // Given a broker that refuses every failed verdict
        views.state("deployment-crashloop.yaml");
        sink.refuse(RolloutFailed.class, Integer.MAX_VALUE);

        // When a failing revision is watched
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));

        // Then the failure to publish is counted and the rollout is still pending in the ledger
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        assertThat(concluded.get(0).event()).isNull();
        assertThat(registry.get(HealthMetrics.PUBLISH_FAILURES).counter().count()).isEqualTo(1.0);
        assertThat(ledger.pending(SHOP)).get().extracting(RolloutLedger.Pending::causeEventId).isEqualTo("sync-1");
    }

    @Test
    void heldVerdictIsPublishedBeforeTheNextRevisionIsWatched() {
        // Given a failed verdict held because the broker refused it through its retries
        views.state("deployment-crashloop.yaml");
        sink.refuse(RolloutFailed.class, Integer.MAX_VALUE);
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        Outcome<RolloutVerifier.Started> whileRefused = verifier.start(
                request("5f6e7d8c", "sync-2", RolloutRequest.Cause.APPLIED));
        sink.refuse(RolloutFailed.class, 0);
        views.state("deployment-progressing.yaml");

        // When the next revision is watched once the broker takes verdicts again
        Outcome<RolloutVerifier.Started> started = verifier.start(
                request("5f6e7d8c", "sync-2", RolloutRequest.Cause.APPLIED));

        // Then the held verdict went out first, once, and the halt was not undone for it
        assertThat(whileRefused).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(started).isEqualTo(Outcome.success(RolloutVerifier.Started.WATCHING));
        List<String> order = sink.events().stream().map(e -> e.data().getClass().getSimpleName() + " "
                + e.causationId()).toList();
        assertThat(order).containsSubsequence("RolloutFailed sync-1", "RolloutProgressing sync-2");
        assertThat(sink.data(RolloutFailed.class)).hasSize(1);
        assertThat(concluded).extracting(c -> c.event() == null).containsExactly(true, false);
        assertThat(registry.get(HealthMetrics.VERDICTS_UNPUBLISHED).gauge().value()).isZero();
    }

    @Test
    void failedRestoreIsRestoreFailedNamingTheFailureUnderneathAndIsNoChangeFailure() {
        // Given the last healthy revision restored after a failure, whose pod crash-loops now
        ledger.apply(healthy("0a1b2c3d", "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", Instant.now().minusSeconds(600)), 0);
        views.state("deployment-crashloop.yaml");

        // When the verifier watches the restored revision
        verifier.start(request("0a1b2c3d", "rolled-back-1", RolloutRequest.Cause.RESTORED));

        // Then
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        RolloutFailed failed = sink.first(RolloutFailed.class).orElseThrow();
        assertThat(failed.reason()).isEqualTo(RolloutFailureReason.RESTORE_FAILED);
        assertThat(failed.message()).startsWith("restore of the last healthy revision 0a1b2c3 failed (CRASH_LOOP): ");
        assertThat(failed.halted()).isTrue();
        assertThat(halter.calls).containsExactly("resume", "halt [Deployment/shop]");
        assertThat(registry.get(HealthMetrics.RESTORE_FAILURES).counter().count()).isEqualTo(1.0);
        assertThat(registry.find(HealthMetrics.CHANGE_FAILURES).counter()).isNull();
    }

    @Test
    void requestRedeliveredWhileItIsWatchedIsNotWatchedTwice() {
        // Given a revision being watched
        views.state("deployment-progressing.yaml");
        RolloutRequest request = request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED);
        verifier.start(request);

        // When the same request comes again (a redelivery)
        Outcome<RolloutVerifier.Started> again = verifier.start(request);

        // Then it is recognised and nothing new is opened or published
        assertThat(again).isEqualTo(Outcome.success(RolloutVerifier.Started.ALREADY_WATCHING));
        assertThat(views.opened()).isEqualTo(1);
        assertThat(sink.data(RolloutProgressing.class)).hasSize(1);
    }

    @Test
    void watchThatCannotOpenIsATransientFailure() {
        // Given an API server that does not answer
        views.failOpens(new WorkloadViews.ViewException("connection refused", null));

        // When a revision is to be watched
        Outcome<RolloutVerifier.Started> started = verifier.start(request("4e5d6c7b", "sync-1",
                RolloutRequest.Cause.APPLIED));

        // Then the caller may retry, and nothing is published or watched
        assertThat(started).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(sink.events()).isEmpty();
        assertThat(verifier.activeWatches()).isZero();
    }

    @Test
    void watchTheApiServerRefusesForGoodIsAPermanentFailure() {
        // Given an API server that forbids listing the namespace (RBAC)
        views.failOpens(new WorkloadViews.ViewException("cannot watch namespace shop-staging: forbidden",
                new KubernetesClientException("pods is forbidden", 403, null)));

        // When a revision is to be watched
        Outcome<RolloutVerifier.Started> started = verifier.start(request("4e5d6c7b", "sync-1",
                RolloutRequest.Cause.APPLIED));

        // Then retrying would not help, and nothing is published or watched
        assertThat(started).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(((Outcome.PermanentFailure<RolloutVerifier.Started>) started).reason()).contains("forbidden");
        assertThat(sink.events()).isEmpty();
        assertThat(verifier.activeWatches()).isZero();
    }

    @Test
    void progressingEventNotAcknowledgedIsATransientFailureAndClosesTheWatch() {
        // Given a broker that refuses the progressing event
        views.state("deployment-progressing.yaml");
        sink.refuse(RolloutProgressing.class, 1);

        // When a revision is to be watched
        Outcome<RolloutVerifier.Started> started = verifier.start(request("4e5d6c7b", "sync-1",
                RolloutRequest.Cause.APPLIED));

        // Then the caller may retry; the watch was closed
        assertThat(started).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(verifier.activeWatches()).isZero();
        assertThat(views.closed()).isEqualTo(1);
    }

    @Test
    void pendingRolloutOfAnOwnedPartitionIsTakenOverWithItsOriginalIds() {
        // Given a rollout that was being watched before a restart (progressing in partition 3, no verdict)
        RolloutRequest before = request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED);
        ledger.apply(RolloutEvents.progressing(before, List.of("Deployment/shop"), Instant.now().minusSeconds(5)), 3);
        views.state("deployment-healthy.yaml");

        // When partition 3 is assigned to this instance
        List<RolloutRequest> taken = verifier.recover(p -> p == 3);

        // Then the rollout is watched again and its verdict has the ids derived from the original request
        assertThat(taken).singleElement().satisfies(r -> {
            assertThat(r.causeEventId()).isEqualTo("sync-1");
            assertThat(r.cause()).isEqualTo(RolloutRequest.Cause.APPLIED);
        });
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        assertThat(sink.events().get(sink.events().size() - 1).id())
                .isEqualTo(RolloutEvents.healthy(before, Instant.now()).id());
        assertThat(ledger.pending(SHOP)).isEmpty();
    }

    @Test
    void pendingRolloutOfAnotherInstancesPartitionIsLeftAlone() {
        // Given a pending rollout in partition 3
        ledger.apply(RolloutEvents.progressing(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED),
                List.of(), Instant.now()), 3);

        // When only partition 1 is assigned to this instance
        List<RolloutRequest> taken = verifier.recover(p -> p == 1);

        // Then nothing is taken over
        assertThat(taken).isEmpty();
        assertThat(views.opened()).isZero();
    }

    @Test
    void pendingRestoreOfTheLastHealthyRevisionIsTakenOverAsARestore() {
        // Given a healthy revision, a failure after it, and the restore of it pending
        ledger.apply(healthy("0a1b2c3d", "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", Instant.now().minusSeconds(60)), 0);
        RolloutRequest failedOne = request("4e5d6c7b", "sync-2", RolloutRequest.Cause.APPLIED);
        ledger.apply(RolloutEvents.failed(failedOne, new Verdict.Failed(
                RolloutFailureReason.CRASH_LOOP, "crash", "Deployment/shop", null), true, null,
                Instant.now().minusSeconds(30)), 0);
        ledger.apply(RolloutEvents.progressing(request("0a1b2c3d", "rolled-back-1", RolloutRequest.Cause.RESTORED),
                List.of(), Instant.now().minusSeconds(20)), 0);
        views.state("deployment-progressing.yaml");

        // When its partition is assigned
        List<RolloutRequest> taken = verifier.recover(p -> true);

        // Then it is watched as a restore
        assertThat(taken).singleElement().extracting(RolloutRequest::cause).isEqualTo(RolloutRequest.Cause.RESTORED);
    }

    @Test
    void releasedPartitionStopsItsWatchWithoutAVerdict() {
        // Given a revision being watched, whose progressing event went to partition 0
        views.state("deployment-progressing.yaml");
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));

        // When partition 0 is revoked
        verifier.release(p -> p == 0);

        // Then the watch stopped, its view is closed, and there is no verdict
        assertThat(verifier.activeWatches()).isZero();
        assertThat(verifier.watch(SHOP)).isEmpty();
        assertThat(views.closed()).isEqualTo(1);
        assertThat(concluded).isEmpty();
    }

    @Test
    void newerRevisionWatchedByAnotherReplicaStopsThisWatch() {
        // Given a revision being watched here
        views.state("deployment-progressing.yaml");
        verifier.start(request("4e5d6c7b", "sync-1", RolloutRequest.Cause.APPLIED));

        // When the rollout topic shows another replica started watching a newer revision
        ledger.apply(RolloutEvents.progressing(request("5f6e7d8c", "sync-2", RolloutRequest.Cause.APPLIED),
                List.of(), Instant.now().plusSeconds(1)), 0);

        // Then this watch stops, without a verdict
        await().atMost(WAIT).until(() -> verifier.activeWatches() == 0);
        assertThat(registry.get(HealthMetrics.WATCHES_SUPERSEDED).counter().count()).isEqualTo(1.0);
    }

    @Test
    void restoredRevisionJudgedHealthyEndsTheTimeToRestoreWithoutCountingADeployment() {
        // Given an app failing for 30 s
        RolloutRequest failedOne = request("4e5d6c7b", "sync-2", RolloutRequest.Cause.APPLIED);
        ledger.apply(RolloutEvents.failed(failedOne, new Verdict.Failed(
                RolloutFailureReason.CRASH_LOOP, "crash", "Deployment/shop", null), true, null,
                Instant.now().minusSeconds(30)), 0);
        views.state("deployment-healthy.yaml");

        // When the restored revision is watched and healthy
        verifier.start(request("0a1b2c3d", "rolled-back-1", RolloutRequest.Cause.RESTORED));

        // Then the time to restore is measured and no deployment counted
        await().atMost(WAIT).until(() -> !concluded.isEmpty());
        assertThat(registry.get(HealthMetrics.TIME_TO_RESTORE).timer().totalTime(TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(30.0);
        assertThat(registry.find(HealthMetrics.DEPLOYMENTS).counter()).isNull();
        assertThat(registry.get(HealthMetrics.VERDICTS).tag("cause", "restored").counter().count()).isEqualTo(1.0);
    }
}
