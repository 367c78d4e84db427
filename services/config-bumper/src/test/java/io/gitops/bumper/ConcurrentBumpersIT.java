package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.OLD_TAG;
import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.appName;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.gitserver.GitCommit;
import io.gitops.gitserver.PushNotification;
import io.gitops.gitserver.PushSubscription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bumper instances, each with its own clone, and a person committing, all racing on one branch. The server holds
 * every push for a while after its pack arrived, so the outside commit lands while both bumpers' pushes are in flight:
 * their ref updates then lose the lock and they must fetch, re-apply and push again.
 */
class ConcurrentBumpersIT {

    static final String VALUES = "apps/%s/envs/staging/values.yaml";

    @TempDir
    Path dir;

    GitBench bench;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<PushNotification> pushes = Collections.synchronizedList(new ArrayList<>());
    PushSubscription subscription;

    @BeforeEach
    void start() {
        bench = new GitBench(dir, Fixtures.manyApps(6));
        subscription = bench.server.onPush(pushes::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        subscription.close();
        bench.close();
    }

    @Test
    void givenTwoBumpersAndAPersonPushingAtOnce_whenTheyRace_thenEveryUpdateIsInTheHistoryAndNothingWasForced() {
        GitBench.Instance first = bench.bumper();
        GitBench.Instance second = bench.bumper();
        String seed = bench.head();
        String outsideEdit = String.format(VALUES, appName(1));
        bench.server.delayPushes(Fixtures.OWNER, Fixtures.REPO, Duration.ofMillis(400));

        CompletableFuture<List<IntentResult>> a = race(first, 1, 2, 3);
        CompletableFuture<List<IntentResult>> b = race(second, 4, 5, 6);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> bench.server.pushesBeingDelayed(Fixtures.OWNER, Fixtures.REPO) >= 1);
        String outsider = bench.server.commitAsOutsider(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH,
                Map.of(outsideEdit, Fixtures.values(OLD_TAG).replace("replicaCount: 2", "replicaCount: 5"),
                        "README.md", "Config repository of acme.\n"), "Scale app01 to 5 replicas");
        bench.server.delayPushes(Fixtures.OWNER, Fixtures.REPO, Duration.ZERO);
        List<IntentResult> results = new ArrayList<>(a.join());
        results.addAll(b.join());

        assertThat(results).allSatisfy(r -> assertThat(r.targets()).singleElement()
                .isInstanceOf(TargetResult.Changed.class));
        List<GitCommit> history = bench.log();
        assertThat(history).hasSize(4);
        for (int i = 0; i < history.size() - 1; i++) {
            assertThat(history.get(i).parents()).as("linear history at %s", history.get(i).subject())
                    .containsExactly(history.get(i + 1).sha());
        }
        assertThat(history.get(3).sha()).isEqualTo(seed);
        assertThat(history).extracting(GitCommit::sha).contains(outsider);
        assertThat(bumperCommitFor(history, 1).changedPaths()).containsExactly(String.format(VALUES, appName(1)),
                String.format(VALUES, appName(2)), String.format(VALUES, appName(3)));
        assertThat(bumperCommitFor(history, 4).changedPaths()).containsExactly(String.format(VALUES, appName(4)),
                String.format(VALUES, appName(5)), String.format(VALUES, appName(6)));
        for (int app = 1; app <= 6; app++) {
            assertThat(bench.file(String.format(VALUES, appName(app)))).contains("tag: \"" + tag(app) + "\"");
        }
        assertThat(bench.file(outsideEdit)).contains("replicaCount: 5").contains(tag(1));
        assertThat(pushes).isNotEmpty().noneMatch(PushNotification::forced);
        double retries = first.registry().get(BumperMetrics.PUSH_RETRIES).counter().count()
                + second.registry().get(BumperMetrics.PUSH_RETRIES).counter().count();
        assertThat(retries).isGreaterThanOrEqualTo(1.0);
        assertThat(first.announcer().snapshot()).extracting(e -> e.data().commit())
                .containsOnly(bumperCommitFor(history, 1).sha());
    }

    @Test
    void givenTwoBumpersRacingWithBuildsOfTheSameApp_whenBothPush_thenTheNewerBuildWinsWhicheverPushesLast() {
        GitBench.Instance first = bench.bumper();
        GitBench.Instance second = bench.bumper();
        String newer = sha("newer");
        bench.server.delayPushes(Fixtures.OWNER, Fixtures.REPO, Duration.ofMillis(200));

        CompletableFuture<List<IntentResult>> a = CompletableFuture.supplyAsync(() -> first.core().process(
                List.of(Fixtures.bump(appName(1), newer, T0.plusSeconds(60)))), pool);
        CompletableFuture<List<IntentResult>> b = CompletableFuture.supplyAsync(() -> second.core().process(
                List.of(Fixtures.bump(appName(1), sha("older"), T0))), pool);
        a.join();
        b.join();

        assertThat(bench.file(String.format(VALUES, appName(1)))).contains("tag: \"" + newer + "\"");
        assertThat(pushes).noneMatch(PushNotification::forced);
    }

    private CompletableFuture<List<IntentResult>> race(GitBench.Instance bumper, int... apps) {
        List<Intent> intents = new ArrayList<>();
        for (int app : apps) {
            intents.add(Fixtures.bump(appName(app), tag(app), T0.plusSeconds(app)));
        }
        return CompletableFuture.supplyAsync(() -> bumper.core().process(intents), pool);
    }

    private static String tag(int app) {
        return sha("build-of-" + appName(app));
    }

    private static GitCommit bumperCommitFor(List<GitCommit> history, int app) {
        return history.stream().filter(c -> c.message().contains("Gitops-App: " + appName(app) + "\n"))
                .findFirst().orElseThrow();
    }
}
