package io.gitops.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.WebhookReceived;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.launcher.EventTail;
import io.gitops.launcher.KafkaBroker;
import io.gitops.launcher.ManagedProcess;
import io.gitops.launcher.Ports;
import io.gitops.launcher.RunningStack;
import io.gitops.launcher.Stack;
import io.gitops.launcher.StackInfo;
import io.gitops.launcher.StackLayout;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Lead time in the embedded stack: starts it as {@code ./gitops up} does (free ports, a temporary state directory),
 * records the start time and the idle stack's resident memory (sum of {@code VmRSS} of every process the launcher
 * started), switches the sample app to no-op stage commands that still write the test and coverage reports the gates
 * read (the image build and the push stay real), then pushes N no-op commits one after another and measures webhook
 * accepted ({@code webhook.received} event time) → {@code rollout.healthy} event time, with a per-step breakdown.
 *
 * <p>Not a test. Run (see docs/benchmarks/embedded-stack.md):
 * {@code java -cp "launcher/target/test-classes:launcher/target/classes:launcher/target/lib/*"
 * io.gitops.launcher.bench.LeadTimeBenchmark [pushes] [warm-up pushes]}; {@code GITOPS_REGISTRY} is honoured.
 */
public final class LeadTimeBenchmark {

    static final String APP_FILE = "apps/sample-app/app.yaml";
    static final String NOOP_TEST = "ci/noop-test.sh";
    /** Writes what the gates read (JUnit XML, JaCoCo XML) and what the Dockerfile copies (target/classes). */
    static final String NOOP_TEST_SCRIPT = """
            set -e
            mkdir -p target/surefire-reports target/site/jacoco target/classes/com/acme/greeter
            printf 'no-op build %s\\n' "$GITOPS_COMMIT" > target/classes/com/acme/greeter/BUILD
            cat > target/surefire-reports/TEST-noop.xml <<'XML'
            <?xml version="1.0"?><testsuite name="noop" tests="1"><testcase name="noop"/></testsuite>
            XML
            cat > target/site/jacoco/jacoco.xml <<'XML'
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><report name="noop"><counter type="LINE" missed="0" covered="10"/></report>
            XML
            """;

    private final PrintStream out = System.out;

    /** Held so the configured levels stay (JUL keeps loggers weakly). */
    private static final List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of("org.apache.kafka",
            "io.fabric8", "org.eclipse.jgit").map(java.util.logging.Logger::getLogger).toList();

    public static void main(String[] args) throws Exception {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        new LeadTimeBenchmark().run(pushes, warmup);
    }

    void run(int pushes, int warmup) throws Exception {
        Path repoRoot = StackLayout.discover(Path.of("")).repoRoot();
        StackLayout layout = new StackLayout(repoRoot, Files.createTempDirectory("gitops-bench-"));
        Ports ports = RunningStack.freePorts();
        Stack stack = new Stack(layout, ports, out, Duration.ofSeconds(180));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "stack-down"));
        out.printf("load average before up: %s%n", loadAverage());
        long begin = System.nanoTime();
        StackInfo info = stack.up();
        double upSeconds = (System.nanoTime() - begin) / 1e9;
        out.printf("%nup: %.1f s (launcher's own figure %.1f s), load %s%n", upSeconds,
                info.startTime().toMillis() / 1000.0, loadAverage());
        try (EventTail tail = new EventTail(KafkaClientSettings.of(KafkaBroker.bootstrap(ports)))) {
            tail.readExisting();
            tail.await(e -> e.data() instanceof RolloutHealthy, e -> { }, Duration.ofSeconds(180));
            out.println("first (seeded) rollout healthy; letting the stack settle 20 s");
            Thread.sleep(20_000);
            Map<String, Long> rss = residentKb(layout);
            long total = rss.values().stream().mapToLong(Long::longValue).sum();
            out.printf("idle resident memory: %.0f MB in all; per part (MB): %s; load %s%n", total / 1024.0,
                    rss.entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue() / 1024.0)).toList(),
                    loadAverage());
            var credentials = new UsernamePasswordCredentialsProvider(info.get("GITOPS_GIT_USERNAME"),
                    info.get("GITOPS_GIT_PASSWORD"));
            Path work = layout.data().resolve("bench");
            try (Git config = Git.cloneRepository().setURI(info.get("GITOPS_CONFIG_REPO_URL"))
                    .setDirectory(work.resolve("config").toFile()).setCredentialsProvider(credentials).call();
                 Git sample = Git.cloneRepository().setURI(info.get("GITOPS_SAMPLE_REPO_URL"))
                    .setDirectory(work.resolve("sample").toFile()).setCredentialsProvider(credentials).call()) {
                Path app = work.resolve("config").resolve(APP_FILE);
                String yaml = Files.readString(app, StandardCharsets.UTF_8);
                Files.writeString(app, yaml.replaceAll("lint: .*", "lint: 'true'")
                        .replaceAll("test: \\./mvnw.*", "test: bash " + NOOP_TEST), StandardCharsets.UTF_8);
                commitAndPush(config, credentials, "Benchmark: no-op stage commands");
                Files.createDirectories(work.resolve("sample/ci"));
                Files.writeString(work.resolve("sample").resolve(NOOP_TEST), NOOP_TEST_SCRIPT, StandardCharsets.UTF_8);
                // Series a: the sample app as shipped (its health.minStableSeconds, carried to the verifier on
                // sync.succeeded). Series b: the same with no stability window, i.e. the platform's own share.
                String minStable = yaml.replaceAll("(?s).*minStableSeconds: (\\d+).*", "$1");
                List<Run> shipped = pushes(tail, sample, credentials, work, warmup, pushes, "a");
                // The bumper pushed a commit per push of series a: catch up before editing app.yaml again.
                config.pull().setRebase(true).setCredentialsProvider(credentials).call();
                Files.writeString(app, Files.readString(app, StandardCharsets.UTF_8)
                        .replaceAll("minStableSeconds: \\d+", "minStableSeconds: 0"), StandardCharsets.UTF_8);
                commitAndPush(config, credentials, "Benchmark: no stability window");
                List<Run> noWindow = pushes(tail, sample, credentials, work, warmup, pushes, "b");
                report("sample app as shipped (health.minStableSeconds " + minStable + ")", shipped, pushes);
                report("health.minStableSeconds 0 (no stability window)", noWindow, pushes);
                out.printf("%nup %.1f s; idle RSS %.0f MB%n", upSeconds, total / 1024.0);
            }
        } finally {
            stack.down();
        }
    }

    private List<Run> pushes(EventTail tail, Git sample, UsernamePasswordCredentialsProvider credentials, Path work,
                             int warmup, int pushes, String series) throws IOException, GitAPIException {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < warmup + pushes; i++) {
            Files.writeString(work.resolve("sample/BENCH.txt"), series + " push " + i + " at " + Instant.now() + "\n");
            String sha = commitAndPush(sample, credentials, "Benchmark push " + series + i);
            Run run = follow(tail, sha);
            out.printf("%s push %s%2d %s: lead %5d ms  (%s)%n", i < warmup ? "warm-up " : "measured", series, i,
                    sha.substring(0, 12), run.leadMillis(), run.breakdown());
            if (i >= warmup) {
                runs.add(run);
            }
        }
        return runs;
    }

    private String commitAndPush(Git git, UsernamePasswordCredentialsProvider credentials, String message)
            throws GitAPIException {
        PersonIdent who = new PersonIdent("Benchmark", "bench@example.com");
        git.add().addFilepattern(".").call();
        String sha = git.commit().setAll(true).setAuthor(who).setCommitter(who).setMessage(message).call().getName();
        for (PushResult result : git.push().setCredentialsProvider(credentials).call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK
                        && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new IllegalStateException("push of '" + message + "' refused: " + update.getStatus());
                }
            }
        }
        return sha;
    }

    /** The chain of one commit, from the events correlated with it. */
    record Run(Instant webhook, Instant queued, Instant artifact, Instant configChanged, Instant synced,
               Instant healthy, Map<String, Long> stageMillis) {

        long leadMillis() {
            return Duration.between(webhook, healthy).toMillis();
        }

        Map<String, Long> steps() {
            Map<String, Long> steps = new LinkedHashMap<>();
            steps.put("webhook->artifact", Duration.between(webhook, artifact).toMillis());
            steps.put("artifact->config.changed", Duration.between(artifact, configChanged).toMillis());
            steps.put("config.changed->sync.succeeded", Duration.between(configChanged, synced).toMillis());
            steps.put("sync.succeeded->rollout.healthy", Duration.between(synced, healthy).toMillis());
            stageMillis.forEach((stage, ms) -> steps.put("  stage " + stage, ms));
            return steps;
        }

        String breakdown() {
            return steps().entrySet().stream().map(e -> e.getKey().strip() + " " + e.getValue()).toList().toString();
        }
    }

    private Run follow(EventTail tail, String sha) {
        Map<Class<?>, Instant> at = new LinkedHashMap<>();
        Map<String, Instant> stageStarts = new LinkedHashMap<>();
        Map<String, Long> stageMillis = new LinkedHashMap<>();
        tail.await(e -> e.data() instanceof RolloutHealthy && sha.equals(e.correlationId()), (Event<?> e) -> {
            if (!sha.equals(e.correlationId())) {
                return;
            }
            if (e.data() instanceof PipelineFinished p && p.outcome() != PipelineOutcome.SUCCEEDED) {
                throw new IllegalStateException("pipeline of " + sha + " failed: " + p.reason());
            }
            if (e.data() instanceof RolloutFailed f) {
                throw new IllegalStateException("rollout of " + sha + " failed: " + f);
            }
            if (e.data() instanceof StageStarted s) {
                stageStarts.put(s.stage(), e.time());
            }
            if (e.data() instanceof StageFinished s && stageStarts.containsKey(s.stage())) {
                stageMillis.put(s.stage(), Duration.between(stageStarts.get(s.stage()), e.time()).toMillis());
            }
            if (e.data() instanceof ConfigChanged c && c.cause() != ChangeCause.BUMP) {
                return;
            }
            at.putIfAbsent(e.data().getClass(), e.time());
        }, Duration.ofSeconds(300));
        return new Run(at.get(WebhookReceived.class), at.get(io.gitops.events.data.PipelineQueued.class),
                at.get(ArtifactPublished.class), at.get(ConfigChanged.class), at.get(SyncSucceeded.class),
                at.get(RolloutHealthy.class), stageMillis);
    }

    private void report(String what, List<Run> runs, int pushes) {
        out.printf("%n== %s: %d pushes, one at a time; load %s ==%n", what, pushes, loadAverage());
        out.printf("%-34s %7s %7s %7s %7s %7s%n", "ms", "p50", "p90", "p99", "max", "mean");
        print("lead time webhook->rollout.healthy", runs.stream().map(Run::leadMillis).toList());
        Map<String, List<Long>> steps = new LinkedHashMap<>();
        runs.forEach(r -> r.steps().forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        steps.forEach(this::print);
    }

    private void print(String what, List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        out.printf("%-34s %7d %7d %7d %7d %7.0f%n", what, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** {@code VmRSS} in kB of each running part (and its child processes). */
    static Map<String, Long> residentKb(StackLayout layout) throws IOException {
        Map<String, Long> rss = new TreeMap<>();
        for (String part : List.of("kafka", "git", "sandbox", "registry", "ingest", "build-orchestrator",
                "config-bumper", "sync-engine", "health-verifier")) {
            var process = ManagedProcess.find(part, layout);
            if (process.isEmpty()) {
                continue;
            }
            long kb = vmRss(process.get().pid());
            for (ProcessHandle child : ProcessHandle.of(process.get().pid()).map(h -> h.descendants().toList())
                    .orElse(List.of())) {
                kb += vmRss(child.pid());
            }
            rss.put(part, kb);
        }
        return rss;
    }

    static long vmRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile
        }
        return 0;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
