package io.gitops.build.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.build.BuildMetrics;
import io.gitops.build.pipeline.PipelineEvents;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.pipeline.PipelineLedger;
import io.gitops.build.pipeline.PipelineSpec;
import io.gitops.build.testing.Apps;
import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.config.Quarantine;
import io.gitops.kit.PublishException;
import io.gitops.kit.git.GitException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The reconciler's decisions, with the Git host and the starter played by the test. */
class SourceReconcilerTest {

    static final String OLD = "1".repeat(40);
    static final String NEW = "2".repeat(40);
    static final String NEWER = "3".repeat(40);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    final PipelineEvents events = new PipelineEvents(CLOCK);
    final PipelineLedger ledger = new PipelineLedger();
    final Map<String, String> remote = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final AtomicBoolean gitDown = new AtomicBoolean();
    final AtomicBoolean brokerDown = new AtomicBoolean();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<AppConfig> apps = new ArrayList<>(List.of(Apps.app("shop", "acme/shop")));

    SourceReconciler reconciler(Duration interval, AtomicBoolean ready) {
        return new SourceReconciler(this::catalog, app -> "http://git/" + app.source().repo() + ".git",
                (url, branch) -> {
                    asked.add(url + "#" + branch);
                    if (gitDown.get()) {
                        throw new GitException(GitException.Kind.TRANSIENT, "ls-remote of " + url + " failed: "
                                + "connection refused", null);
                    }
                    return Optional.ofNullable(remote.get(url + "#" + branch));
                }, ledger, this::start, new BuildMetrics(registry), interval, ready::get);
    }

    SourceReconciler reconciler() {
        return reconciler(Duration.ofMinutes(1), new AtomicBoolean(true));
    }

    ConfigCatalog catalog() {
        Map<String, AppConfig> byName = new java.util.LinkedHashMap<>();
        apps.forEach(a -> byName.put(a.name(), a));
        return new ConfigCatalog(byName, Map.of(), Quarantine.EMPTY, List.of());
    }

    /** What the starter does: refuses a known head, else records it in the ledger as the queued event would. */
    boolean start(AppConfig app, String commit) {
        if (brokerDown.get()) {
            throw new PublishException("broker did not acknowledge in time", null);
        }
        if (ledger.exists(app.name(), commit)) {
            return false;
        }
        built(app.name(), commit);
        started.add(app.name() + "@" + commit);
        return true;
    }

    void built(String app, String commit) {
        ledger.apply(events.queued(new PipelineSpec(PipelineIds.of(app, commit), Apps.app(app, "acme/" + app),
                "acme/" + app, "main", commit, null, "http://git/acme/" + app + ".git", null, null,
                CLOCK.instant()), "local", null));
    }

    void push(String repo, String commit) {
        remote.put("http://git/" + repo + ".git#main", commit);
    }

    double count(String result) {
        return registry.get(BuildMetrics.RECONCILE_HEADS).tag("result", result).counter().count();
    }

    @Test
    void givenAnAppWithHistory_whenItsBranchMovedWithoutAWebhook_thenTheNewHeadIsStarted() {
        built("shop", OLD);
        push("acme/shop", NEW);

        SourceReconciler.Round round = reconciler().reconcile();

        assertThat(started).containsExactly("shop@" + NEW);
        assertThat(round).isEqualTo(new SourceReconciler.Round(0, 1, 0, 0, 0));
        assertThat(count("started")).isEqualTo(1.0);
    }

    @Test
    void givenTheHeadHasAPipeline_whenReconciling_thenNothingStarts() {
        built("shop", NEW);
        push("acme/shop", NEW);

        SourceReconciler.Round round = reconciler().reconcile();

        assertThat(started).isEmpty();
        assertThat(round.known()).isEqualTo(1);
    }

    @Test
    void givenAnAppWithoutHistory_whenItsHeadIsFirstSeen_thenItIsTheBaselineAndOnlyTheNextHeadIsStarted() {
        push("acme/shop", OLD);
        SourceReconciler reconciler = reconciler();
        SourceReconciler.Round first = reconciler.reconcile();
        SourceReconciler.Round again = reconciler.reconcile();
        push("acme/shop", NEW);

        SourceReconciler.Round moved = reconciler.reconcile();

        assertThat(first.baseline()).isEqualTo(1);
        assertThat(again.baseline()).isEqualTo(1);
        assertThat(moved.started()).isEqualTo(1);
        assertThat(started).containsExactly("shop@" + NEW);
    }

    @Test
    void givenAWebhookStartedTheHeadFirst_whenTheStarterIsAsked_thenItIsKnownAndNotStartedTwice() {
        built("shop", OLD);
        push("acme/shop", NEW);
        SourceReconciler reconciler = new SourceReconciler(this::catalog, app -> "http://git/acme/shop.git",
                (url, branch) -> Optional.of(NEW), ledger, (app, commit) -> false, new BuildMetrics(registry),
                Duration.ofMinutes(1), () -> true);

        SourceReconciler.Round round = reconciler.reconcile();

        assertThat(round.known()).isEqualTo(1);
        assertThat(round.started()).isZero();
    }

    @Test
    void givenTheGitHostDown_whenReconciling_thenTheRoundFailsAndTheNextOneStartsTheHead() {
        built("shop", OLD);
        push("acme/shop", NEW);
        SourceReconciler reconciler = reconciler();
        gitDown.set(true);
        SourceReconciler.Round down = reconciler.reconcile();
        gitDown.set(false);

        SourceReconciler.Round up = reconciler.reconcile();

        assertThat(down.failed()).isEqualTo(1);
        assertThat(up.started()).isEqualTo(1);
        assertThat(count("failed")).isEqualTo(1.0);
    }

    @Test
    void givenTheBrokerRefusingTheQueuedEvent_whenReconciling_thenItFailsAndIsStartedOnceTheBrokerIsBack() {
        built("shop", OLD);
        push("acme/shop", NEW);
        SourceReconciler reconciler = reconciler();
        brokerDown.set(true);
        SourceReconciler.Round down = reconciler.reconcile();
        brokerDown.set(false);

        SourceReconciler.Round up = reconciler.reconcile();

        assertThat(down.failed()).isEqualTo(1);
        assertThat(up.started()).isEqualTo(1);
        assertThat(started).containsExactly("shop@" + NEW);
    }

    @Test
    void givenTwoAppsBuiltFromOneBranch_whenReconciling_thenTheBranchIsAskedOnceAndBothAreStarted() {
        apps = List.of(Apps.app("shop", "acme/mono"), Apps.app("shop-worker", "acme/mono"));
        built("shop", OLD);
        built("shop-worker", OLD);
        push("acme/mono", NEW);

        SourceReconciler.Round round = reconciler().reconcile();

        assertThat(asked).containsExactly("http://git/acme/mono.git#main");
        assertThat(round.started()).isEqualTo(2);
        assertThat(started).containsExactlyInAnyOrder("shop@" + NEW, "shop-worker@" + NEW);
    }

    @Test
    void givenATrackedBranchMissingOnTheHost_whenReconciling_thenNothingStarts() {
        built("shop", OLD);

        SourceReconciler.Round round = reconciler().reconcile();

        assertThat(round.noBranch()).isEqualTo(1);
        assertThat(started).isEmpty();
    }

    @Test
    void givenTheServiceNotReady_whenReconciling_thenTheHostIsNotAsked() {
        built("shop", OLD);
        push("acme/shop", NEW);

        SourceReconciler.Round round = reconciler(Duration.ofMinutes(1), new AtomicBoolean(false)).reconcile();

        assertThat(asked).isEmpty();
        assertThat(round).isEqualTo(new SourceReconciler.Round(0, 0, 0, 0, 0));
    }

    @Test
    void givenAShortInterval_whenStarted_thenRoundsRunOnTheirOwnThreadUntilClosed() {
        built("shop", OLD);
        push("acme/shop", NEW);
        AtomicInteger rounds = new AtomicInteger();
        SourceReconciler reconciler = new SourceReconciler(this::catalog, app -> "http://git/acme/shop.git",
                (url, branch) -> {
                    rounds.incrementAndGet();
                    assertThat(Thread.currentThread().getName()).isEqualTo("source-reconciler");
                    return Optional.of(rounds.get() < 3 ? NEW : NEWER);
                }, ledger, this::start, new BuildMetrics(registry), Duration.ofMillis(20), () -> true);

        reconciler.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        reconciler.close();
        assertThat(started).containsExactly("shop@" + NEW, "shop@" + NEWER);
    }

    @Test
    void givenARedeliveryPass_whenRoundsAreScheduled_thenItRunsBeforeEachRound() {
        built("shop", OLD);
        push("acme/shop", OLD);
        AtomicInteger passes = new AtomicInteger();
        SourceReconciler reconciler = new SourceReconciler(this::catalog, app -> "http://git/acme/shop.git",
                (url, branch) -> Optional.of(OLD), ledger, this::start, new BuildMetrics(registry),
                Duration.ofMillis(20), () -> true, passes::incrementAndGet);

        reconciler.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= 2);
        reconciler.close();
        assertThat(started).isEmpty();
    }

    @Test
    void givenAZeroInterval_whenStarted_thenNoRoundIsScheduled() {
        built("shop", OLD);
        push("acme/shop", NEW);
        SourceReconciler reconciler = reconciler(Duration.ZERO, new AtomicBoolean(true));

        reconciler.start();

        reconciler.close();
        assertThat(asked).isEmpty();
        assertThat(registry.find(BuildMetrics.RECONCILE_HEADS).counters()).isEmpty();
    }

    @Test
    void givenAnInterval_whenJittered_thenEachWaitIsWithinTwentyPercent() {
        Duration interval = Duration.ofSeconds(60);

        List<Long> waits = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> SourceReconciler.jittered(interval)).toList();

        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(48_000L, 72_000L));
        assertThat(waits.stream().distinct().count()).isGreaterThan(1);
    }
}
