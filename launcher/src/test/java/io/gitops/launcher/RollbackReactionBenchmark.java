package io.gitops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gitops.config.ConfigRepoLayout;
import io.gitops.events.Event;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.sandbox.FailureMode;

/**
 * Rollback reaction on the embedded stack, over repeated runs (a benchmark run by hand, not a test).
 *
 * <p>Starts the stack like {@link RunningStack}, gets a healthy revision through the whole pipeline, then per run
 * writes a fresh 40-hex image tag, which the sandbox makes crash-loop, into the sample app's staging values (a hand
 * edit pushed to the config repository: what reaches the cluster is the same as a bump, without a 20 s build per
 * run) and waits until the loop closed: failed, rolled back, restored revision healthy, revert + quarantine committed
 * and its sync found nothing to change. From the events' own timestamps (one machine, one clock):
 * <ul>
 *   <li><b>reaction</b>: {@code rollout.failed.failedAt} (the moment the verifier judged the pod status update that
 *       showed the failure: the first failure signal observed) → {@code sync.rolled-back.rolledBackAt} (the last
 *       healthy revision re-applied);</li>
 *   <li><b>restore</b>: {@code sync.succeeded.syncedAt} of the bad revision (the failed apply) →
 *       {@code rollout.healthy.healthyAt} of the restored revision (includes its {@code minStableSeconds}: 2 s);</li>
 *   <li>also: apply → verdict, the sync engine's own {@code reactionMs} (verdict received → re-applied), apply →
 *       revert synced, and whether the verdict came from the first status update showing the crash loop (1 restart).</li>
 * </ul>
 * Usage: {@code RollbackReactionBenchmark [runs=20] [warmup=2]}.
 */
public final class RollbackReactionBenchmark {

    private static final Duration STEP = Duration.ofSeconds(120);

    record Run(long reactionMs, long restoreMs, long detectMs, long engineReactionMs, long loopClosedMs,
               boolean firstUpdate) {
    }

    private RollbackReactionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        PrintStream out = System.out;
        Path repoRoot = StackLayout.discover(Path.of("")).repoRoot();
        StackLayout layout = new StackLayout(repoRoot, Files.createTempDirectory("gitops-bench-"));
        Ports ports = RunningStack.freePorts();
        Stack stack = new Stack(layout, ports, out, Duration.ofSeconds(180));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "stack-down"));
        long upStarted = System.nanoTime();
        stack.up();
        out.printf("stack up in %.1f s%n", (System.nanoTime() - upStarted) / 1e9);
        Map<String, String> env = StackEnvFile.read(layout.stackEnv());
        Demo demo = new Demo(layout, ports, env, out, Duration.ofSeconds(300));
        List<Run> measured = new ArrayList<>();
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env));
             SampleRepo sample = demo.clone("GITOPS_SAMPLE_REPO_URL", "bench/sample-app");
             SampleRepo config = demo.clone("GITOPS_CONFIG_REPO_URL", "bench/config-repo")) {
            tail.readExisting();
            String good = demo.healthyCommit(tail, sample, "The healthy revision the benchmark goes back to.");
            for (int i = 0; i < warmup + runs; i++) {
                Run run = once(tail, config, layout, good);
                boolean warm = i < warmup;
                out.printf(Locale.ROOT, "%s %2d: reaction %5d ms, restore %5d ms, apply->verdict %5d ms, engine %4d ms,"
                                + " loop closed %5d ms, first update %s%n", warm ? "warm-up" : "run    ", i + 1,
                        run.reactionMs(), run.restoreMs(), run.detectMs(), run.engineReactionMs(), run.loopClosedMs(),
                        run.firstUpdate());
                if (!warm) {
                    measured.add(run);
                }
            }
        }
        out.println();
        out.println(summary("reaction: failure observed -> previous revision applied", measured.stream().mapToLong(Run::reactionMs).toArray()));
        out.println(summary("restore: failed apply -> healthy again", measured.stream().mapToLong(Run::restoreMs).toArray()));
        out.println(summary("failed apply -> failed verdict", measured.stream().mapToLong(Run::detectMs).toArray()));
        out.println(summary("sync engine reactionMs (verdict received -> re-applied)", measured.stream().mapToLong(Run::engineReactionMs).toArray()));
        out.println(summary("failed apply -> revert synced (loop closed)", measured.stream().mapToLong(Run::loopClosedMs).toArray()));
        out.printf("crash loop decided on the first status update showing it (1 restart): %d of %d%n",
                measured.stream().filter(Run::firstUpdate).count(), measured.size());
        System.exit(0);
    }

    /** One bad tag, from the push to the revert's no-op sync. */
    private static Run once(EventTail tail, SampleRepo config, StackLayout layout, String good) throws IOException {
        String bad = HexFormat.of().formatHex(randomBytes(20));
        SandboxControl.failImage(layout, bad, FailureMode.CRASHLOOP.wireName(), false);
        String values = ConfigRepoLayout.valuesFile(Demo.APP, "staging");
        config.recentSubjects(1); // pull: the bumper moved the branch (the good bump, the previous run's revert)
        String before = config.read(values);
        if (!before.contains(good)) {
            throw new StackException("staging values do not hold the good tag " + good);
        }
        config.commit(values, before.replace(good, bad), "Bench: deploy " + bad.substring(0, 12) + " by hand");
        config.push();
        Map<String, Object> seen = new HashMap<>();
        tail.await(e -> collect(e, seen, bad, good), e -> { }, STEP);
        SyncSucceeded applied = (SyncSucceeded) seen.get("applied");
        RolloutFailed failed = (RolloutFailed) seen.get("failed");
        RolledBack back = (RolledBack) seen.get("rolled-back");
        RolloutHealthy healthy = (RolloutHealthy) seen.get("healthy");
        SyncSucceeded revertSynced = (SyncSucceeded) seen.get("revert-synced");
        return new Run(ms(failed.failedAt(), back.rolledBackAt()), ms(applied.syncedAt(), healthy.healthyAt()),
                ms(applied.syncedAt(), failed.failedAt()), back.reactionMs(),
                ms(applied.syncedAt(), revertSynced.syncedAt()), failed.message().contains("(1 restart"));
    }

    /** Files each milestone of one run; true once all are in, in causal order. */
    private static boolean collect(Event<?> e, Map<String, Object> seen, String bad, String good) {
        Object data = e.data();
        if (data instanceof SyncSucceeded s && Demo.APP.equals(s.app()) && s.changed()
                && s.images().stream().anyMatch(i -> i.contains(":" + bad))) {
            seen.put("applied", s);
        } else if (data instanceof RolloutFailed f && bad.equals(f.failedTag())) {
            seen.put("failed", f);
        } else if (data instanceof RolledBack r && Demo.APP.equals(r.app())
                && r.images().stream().anyMatch(i -> i.contains(":" + good))) {
            seen.putIfAbsent("rolled-back", r);
        } else if (data instanceof RolloutHealthy h && Demo.APP.equals(h.app()) && good.equals(h.imageTag())) {
            seen.putIfAbsent("healthy", h);
        } else if (data instanceof ConfigChanged c && c.cause() == ChangeCause.REVERT && bad.equals(c.quarantinedTag())) {
            seen.put("revert", c);
        } else if (data instanceof SyncSucceeded s && Demo.APP.equals(s.app()) && !s.changed()) {
            seen.put("synced:" + s.revision(), s);
        }
        ConfigChanged revert = (ConfigChanged) seen.get("revert");
        if (revert != null && seen.containsKey("synced:" + revert.commit())) {
            seen.put("revert-synced", seen.get("synced:" + revert.commit()));
        }
        return seen.keySet().containsAll(List.of("applied", "failed", "rolled-back", "healthy", "revert-synced"));
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static String summary(String what, long[] values) {
        if (values.length == 0) {
            return what + ": no runs";
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s over %d runs: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms", what,
                sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
