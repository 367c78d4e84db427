package io.gitops.health.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.gitops.events.data.RolloutFailureReason;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.rules.Verdict;
import io.gitops.health.testing.FakeViews;
import io.gitops.health.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One revision's watch over states the test sets, with a clock the test moves. */
class RolloutWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String REVISION = "4e5d6c7b8a9f0e1d2c3b4a59687766554433221a";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeViews views = new FakeViews();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Detection> verdicts = new CopyOnWriteArrayList<>();
    private final HealthEvaluator evaluator = new HealthEvaluator(HealthRules.builtIn(), Thresholds.DEFAULTS);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RolloutWatch begun(Duration timeout, Duration minStable, Clock watchClock) {
        RolloutRequest request = new RolloutRequest(new AppEnv("shop", "staging"), "shop-staging", REVISION,
                List.of("registry.local:5000/shop:9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070"), null, null, T0,
                RolloutRequest.Cause.APPLIED, "sync-event-1", null, new HealthSettings(timeout, minStable));
        RolloutWatch watch = new RolloutWatch(request, views, evaluator, GRACE, scheduler, watchClock, verdicts::add);
        watch.open();
        watch.begin();
        return watch;
    }

    private RolloutWatch begun(Duration timeout, Duration minStable) {
        return begun(timeout, minStable, clock);
    }

    @Test
    void convergedStateWithinTheStabilityWindowIsStillProgressing() {
        // Given a converged Deployment watched since T0 with a 10 s stability window
        views.state("deployment-healthy.yaml");
        RolloutWatch watch = begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));

        // When it is observed again 9 s later
        views.announceWorkloadChange();

        // Then there is no verdict yet
        assertThat(verdicts).isEmpty();
        assertThat(watch.last()).get().isEqualTo(new Verdict.Progressing(
                "Deployment/shop: 2 of 2 replicas updated and available (stable for less than 10s)"));
    }

    @Test
    void convergedStateThatHeldForTheStabilityWindowIsHealthy() {
        // Given a converged Deployment watched since T0 with a 10 s stability window
        views.state("deployment-healthy.yaml");
        begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));

        // When it is observed again 10 s later
        views.announceWorkloadChange();

        // Then it is healthy, at the end of the window
        assertThat(verdicts).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(new Verdict.Healthy("Deployment/shop: 2 of 2 replicas updated and available"));
            assertThat(d.at()).isEqualTo(T0.plusSeconds(10));
            assertThat(d.workloads()).hasSize(1);
        });
    }

    @Test
    void failureInsideTheStabilityWindowWinsOverTheEarlierConvergedState() {
        // Given a converged Deployment watched since T0 with a 10 s stability window
        views.state("deployment-healthy.yaml");
        begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        views.state("deployment-crashloop.yaml");

        // When a new pod's status update shows a crash loop 5 s later
        views.announcePods();

        // Then the verdict is the failure, never healthy
        assertThat(verdicts).singleElement().extracting(Detection::verdict)
                .isInstanceOfSatisfying(Verdict.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP));
    }

    @Test
    void progressingStateInsideTheWindowStartsTheWindowOver() {
        // Given converged at T0, not converged at T0+6s, converged again at T0+7s (10 s window)
        views.state("deployment-healthy.yaml");
        RolloutWatch watch = begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(6));
        views.state("deployment-updated-not-available.yaml");
        views.announceWorkloadChange();
        clock.advance(Duration.ofSeconds(1));
        views.state("deployment-healthy.yaml");
        views.announceWorkloadChange();
        clock.advance(Duration.ofSeconds(5));

        // When it is observed at T0+12s: 12 s after the first convergence, 5 s after the second
        views.announceWorkloadChange();

        // Then the window counts from the second convergence: no verdict yet
        assertThat(verdicts).isEmpty();
        assertThat(watch.last()).get().isInstanceOf(Verdict.Progressing.class);
    }

    @Test
    void rolloutStillProgressingWhenTheTimeoutPassesFailsWithWhatItWaitedFor() {
        // Given a rollout that replaced one of two replicas, with a 30 s health timeout
        views.state("deployment-progressing.yaml");
        begun(Duration.ofSeconds(30), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(30));

        // When it is observed 30 s later
        views.announceWorkloadChange();

        // Then it failed for the timeout, naming what it waited for
        assertThat(verdicts).singleElement().extracting(Detection::verdict).isEqualTo(new Verdict.Failed(
                RolloutFailureReason.TIMEOUT, "revision 4e5d6c7 not healthy within 30s: Deployment/shop: 1 of 2 "
                + "replicas updated", "Deployment/shop", null));
    }

    @Test
    void timeoutIsJudgedWithoutAnyFurtherClusterEvent() {
        // Given a rollout that makes no progress, with a 300 ms timeout on the real clock
        views.state("deployment-paused.yaml");

        // When nothing happens in the cluster after the watch began
        begun(Duration.ofMillis(300), Duration.ZERO, Clock.systemUTC());

        // Then the watch's own timer judges the timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> !verdicts.isEmpty());
        assertThat(verdicts.get(0).verdict()).isInstanceOfSatisfying(Verdict.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(RolloutFailureReason.TIMEOUT));
    }

    @Test
    void noWorkloadWithinTheGraceIsStillProgressing() {
        // Given an app without any workload, watched since T0 (5 s grace)
        views.empty();
        RolloutWatch watch = begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));

        // When it is looked at again 4 s later
        views.announceWorkloadChange();

        // Then it still waits for a workload to appear
        assertThat(verdicts).isEmpty();
        assertThat(watch.last()).get().extracting(Verdict::message).asString().startsWith("no Deployment or StatefulSet");
    }

    @Test
    void noWorkloadAfterTheGraceFailsAsMissing() {
        // Given an app without any workload, watched since T0 (5 s grace)
        views.empty();
        begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        clock.advance(GRACE);

        // When it is looked at again when the grace ended
        views.announceWorkloadChange();

        // Then the verdict is WORKLOAD_MISSING
        assertThat(verdicts).singleElement().extracting(Detection::verdict)
                .isInstanceOfSatisfying(Verdict.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(RolloutFailureReason.WORKLOAD_MISSING));
    }

    @Test
    void workloadSeenEarlierAndGoneNowWasDeletedDuringTheRollout() {
        // Given a Deployment the watch has seen
        views.state("deployment-progressing.yaml");
        begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        views.empty();

        // When its deletion is announced
        views.announceWorkloadChange();

        // Then the verdict names it
        assertThat(verdicts).singleElement().extracting(Detection::verdict).isEqualTo(new Verdict.Failed(
                RolloutFailureReason.WORKLOAD_MISSING, "Deployment/shop was deleted during the rollout of revision "
                + "4e5d6c7", "Deployment/shop", null));
    }

    @Test
    void cancelledWatchReportsNoVerdictAndClosesItsView() {
        // Given a watch of a rollout that will crash-loop
        views.state("deployment-progressing.yaml");
        RolloutWatch watch = begun(Duration.ofMinutes(5), Duration.ofSeconds(10));
        views.state("deployment-crashloop.yaml");

        // When it is cancelled before the crash shows
        watch.cancel();
        views.announcePods();

        // Then no verdict comes and its view is closed
        assertThat(verdicts).isEmpty();
        assertThat(watch.finished()).isTrue();
        assertThat(views.closed()).isEqualTo(1);
        assertThat(watch.workloads()).isEmpty();
    }
}
