package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.appName;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gitops.bumper.batch.Coalescer;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.micrometer.core.instrument.Timer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not part of the normal suite (the name matches neither {@code *Test} nor {@code *IT}); run it with
 * <pre>
 * ./mvnw -B -q -pl services/config-bumper test -Dtest=ConfigBumperBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 * It prints its figures and writes them to {@code target/benchmarks/config-bumper.md}. Only correctness is asserted;
 * timings are reported, never asserted.
 */
class ConfigBumperBenchmark {

    static final int APPS = 20;
    static final int WARMUP = 40;
    static final int SINGLE_BUMPS = 200;
    static final int BURST = 200;
    static final int REPACK_EVERY = 20;

    @TempDir
    Path dir;

    final StringBuilder report = new StringBuilder();

    @Test
    void singleBumpLatencyAndBurstThroughput() throws IOException {
        try (GitBench bench = new GitBench(dir, Fixtures.manyApps(APPS))) {
            serverWithoutInlineGc(bench);
            singleBumps(bench);
            burst(bench);
        }
        Path out = Path.of("target", "benchmarks", "config-bumper.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    private void singleBumps(GitBench bench) {
        GitBench.Instance bumper = bench.bumper();
        for (int i = 0; i < WARMUP; i++) {
            bumper.process(Fixtures.bump(appName(i % APPS + 1), sha("warmup-" + i), T0.plusSeconds(i)));
        }
        Timer pushTimer = bumper.registry().get(BumperMetrics.PUSH_DURATION).tag("target", "branch").timer();
        long pushesBefore = pushTimer.count();
        double pushNanosBefore = pushTimer.totalTime(TimeUnit.NANOSECONDS);
        List<Long> batches = new ArrayList<>();
        for (int i = 0; i < SINGLE_BUMPS; i++) {
            if (i % REPACK_EVERY == 0) {
                repackServer(bench);
            }
            Intent intent = Fixtures.bump(appName(i % APPS + 1), sha("single-" + i), T0.plusSeconds(1000 + i));
            long started = System.nanoTime();
            List<IntentResult> results = bumper.process(intent);
            batches.add(System.nanoTime() - started);
            assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Changed.class);
        }
        Collections.sort(batches);
        long pushes = pushTimer.count() - pushesBefore;
        double meanPush = (pushTimer.totalTime(TimeUnit.NANOSECONDS) - pushNanosBefore) / pushes / 1e6;
        report.append("## Single bump on a warm clone (").append(SINGLE_BUMPS).append(" bumps, ").append(WARMUP)
                .append(" warm-up bumps first)\n\n")
                .append("One `ConfigBumper.process` per bump: fetch + reset to origin, read app.yaml and values, edit, ")
                .append("commit, push (HTTP basic auth), publish to an in-memory announcer. The test server runs in ")
                .append("the same JVM; its repository is repacked every ").append(REPACK_EVERY)
                .append(" bumps outside the timed section (inline receive-pack gc off).\n\n")
                .append("| measure | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n")
                .append(row("fetch + edit + commit + push", batches))
                .append("\nMean commit + push alone (the `").append(BumperMetrics.PUSH_DURATION)
                .append("` timer): ").append(String.format("%.1f ms", meanPush)).append(" over ").append(pushes)
                .append(" pushes.\n\n");
    }

    private void burst(GitBench bench) {
        repackServer(bench);
        GitBench.Instance bumper = bench.bumper();
        int commitsBefore = bench.log().size();
        Coalescer<Intent, IntentResult> coalescer = new Coalescer<>(Duration.ofMillis(200), 500,
                intents -> bumper.core().process(intents), "benchmark-writer");
        List<Intent> intents = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            int app = i % APPS + 1;
            intents.add(Fixtures.bump(appName(app), sha("burst-" + i), T0.plusSeconds(100_000 + i)));
        }
        Collections.shuffle(intents, new Random(42));
        long started = System.nanoTime();
        List<CompletableFuture<IntentResult>> futures = intents.stream().map(coalescer::submit).toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        long elapsed = System.nanoTime() - started;
        coalescer.close(Duration.ofSeconds(5));

        int commits = bench.log().size() - commitsBefore;
        int latestInGit = 0;
        for (int app = 1; app <= APPS; app++) {
            String latest = sha("burst-" + (BURST - APPS + app - 1));
            if (bench.file("apps/" + appName(app) + "/envs/staging/values.yaml").contains(latest)) {
                latestInGit++;
            }
        }
        long changed = futures.stream().map(CompletableFuture::join)
                .filter(r -> r.targets().get(0) instanceof TargetResult.Changed).count();
        long superseded = futures.stream().map(CompletableFuture::join)
                .filter(r -> r.targets().get(0) instanceof TargetResult.Superseded).count();
        assertThat(latestInGit).isEqualTo(APPS);
        report.append("## Burst of ").append(BURST).append(" bumps over ").append(APPS)
                .append(" apps (arrival order shuffled, 200 ms coalescing window)\n\n")
                .append("| figure | value |\n|---|---|\n")
                .append("| total time, first submit to last result | ")
                .append(String.format("%.0f ms", elapsed / 1e6)).append(" |\n")
                .append("| commits made | ").append(commits).append(" |\n")
                .append("| bumps committed / superseded by a newer build of the same app | ").append(changed)
                .append(" / ").append(superseded).append(" |\n")
                .append("| apps at their latest build afterwards | ").append(latestInGit).append(" of ").append(APPS)
                .append(" |\n");
    }

    /**
     * The test server opens the repository afresh for every request and JGit's receive-pack would garbage-collect it
     * inline after pushes, on the shared CPU: a Git host repacks in the background instead. So inline gc is off and the
     * benchmark repacks the server's repository every {@value #REPACK_EVERY} bumps, outside the timed section.
     */
    private static void serverWithoutInlineGc(GitBench bench) throws IOException {
        try (Git git = Git.open(serverRepository(bench))) {
            git.getRepository().getConfig().setBoolean("receive", null, "autogc", false);
            git.getRepository().getConfig().save();
        }
    }

    private static void repackServer(GitBench bench) {
        try (Git git = Git.open(serverRepository(bench))) {
            git.gc().call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot repack the test server's repository", e);
        }
    }

    private static java.io.File serverRepository(GitBench bench) {
        return bench.server.baseDirectory().resolve(Fixtures.OWNER).resolve(Fixtures.REPO + ".git").toFile();
    }

    private static String row(String name, List<Long> sortedNanos) {
        return "| " + name + " | " + ms(percentile(sortedNanos, 50)) + " | " + ms(percentile(sortedNanos, 90)) + " | "
                + ms(percentile(sortedNanos, 99)) + " | " + ms(sortedNanos.get(sortedNanos.size() - 1)) + " |\n";
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
