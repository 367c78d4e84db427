package io.gitops.sync.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.SyncTrigger;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import io.gitops.sync.SyncEngine;
import io.gitops.sync.SyncMetrics;
import io.gitops.sync.SyncSettings;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.RateLimiter;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.render.ChartRenderer;
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.testing.Charts;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Engines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The sync engine at scale against the sandbox: N apps × 4 objects (ConfigMap, extra ConfigMap, Service, Deployment).
 * Measures the cold sync, a no-op periodic reconcile (process CPU time), drift detection latency (live edit →
 * DriftDetected) and render time per app. Run (see docs/benchmarks/sync-engine.md):
 * <pre>
 * ./mvnw -B -q -pl services/sync-engine test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd services/sync-engine &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *   io.gitops.sync.bench.SyncEngineBenchmark 1000 8 200
 * </pre>
 * Arguments: apps (1000), workers (8), drift samples (200). With a fourth argument {@code authorization} it
 * measures only the cold sync, twice in one JVM, each on a fresh sandbox: first with authorization off (the engine
 * on an unauthenticated client), then on (the engine on a ServiceAccount token bound to the chart's rules, one Role
 * and RoleBinding per app namespace plus the history Role, as the chart renders them for that many managed
 * namespaces), and prints both and their ratio (issue #13). The namespaces exist beforehand in both runs
 * ({@code create-namespaces} off), so both send the same requests. {@code authorization-on-first} runs them in the
 * other order.
 */
public final class SyncEngineBenchmark {

    private SyncEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int driftSamples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        if (args.length > 3 && args[3].startsWith("authorization")) {
            AuthorizationCost.run(apps, workers, args[3].equals("authorization-on-first"));
            System.out.flush();
            System.exit(0);
        }
        Path dir = Files.createTempDirectory("sync-bench");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false));
             LocalGitServer git = LocalGitServer.start(GitServerOptions.of(dir.resolve("git")))) {
            Map<String, String> files = new HashMap<>(Charts.web());
            for (int i = 0; i < apps; i++) {
                String app = "app" + i;
                files.put("apps/" + app + "/app.yaml", ConfigRepoFixture.appYaml(app, "prod", "web", true, true));
                files.put("apps/" + app + "/envs/prod/values.yaml",
                        ConfigRepoFixture.values(app, "1111111111111111111111111111111111111111", 1, true));
            }
            git.createRepository(ConfigRepoFixture.OWNER, ConfigRepoFixture.NAME, ConfigRepoFixture.BRANCH, files);
            String url = git.repoUrl(ConfigRepoFixture.OWNER, ConfigRepoFixture.NAME);

            HelmChartRenderer helm = new HelmChartRenderer();
            long loadStarted = System.nanoTime();
            helm.render(warmUpRequest(dir, files));
            long helmLoadMs = (System.nanoTime() - loadStarted) / 1_000_000;
            ConcurrentLinkedQueue<Long> renders = new ConcurrentLinkedQueue<>();
            ChartRenderer timed = request -> {
                long started = System.nanoTime();
                try {
                    return helm.render(request);
                } finally {
                    renders.add(System.nanoTime() - started);
                }
            };
            Map<String, Long> driftSeen = new ConcurrentHashMap<>();
            KubernetesClient client = sandbox.client();
            KubeApi api = new KubeApi(client, RateLimiter.unlimited(), SyncSettings.FIELD_MANAGER);
            SyncSettings settings = SyncSettings.defaults(ConfigRepoFixture.FULL_NAME).withWorkers(workers);
            try (SyncEngine engine = new SyncEngine(settings, Engines.configRepo(url,
                    dir.resolve("work"), Duration.ofSeconds(60)), timed, api,
                    new ConfigMapHistoryStore(api, "gitops-system"), Ownership.ALL, event -> {
                        if (event.data() instanceof DriftDetected drift) {
                            driftSeen.putIfAbsent(drift.app(), System.nanoTime());
                        }
                    }, new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
                engine.start();

                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<SyncOutcome> cold = engine.syncAll(SyncTrigger.STARTUP, null);
                long coldMs = (System.nanoTime() - t0) / 1_000_000;
                long coldCpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
                long applied = cold.stream().filter(o -> o instanceof SyncOutcome.Applied).count();
                int objects = cold.stream().filter(o -> o instanceof SyncOutcome.Applied)
                        .mapToInt(o -> ((SyncOutcome.Applied) o).objectsApplied()).sum();
                List<Long> renderNanos = new ArrayList<>(renders);

                long cpu1 = os.getProcessCpuTime();
                long t1 = System.nanoTime();
                List<SyncOutcome> noop = engine.syncAll(SyncTrigger.POLL, null);
                long noopMs = (System.nanoTime() - t1) / 1_000_000;
                long noopCpuMs = (os.getProcessCpuTime() - cpu1) / 1_000_000;
                long unchanged = noop.stream().filter(o -> o instanceof SyncOutcome.Unchanged).count();

                List<Long> latencies = new ArrayList<>();
                Random random = new Random(42);
                for (int i = 0; i < driftSamples; i++) {
                    String app = "app" + random.nextInt(apps);
                    driftSeen.remove(app);
                    long edited = System.nanoTime();
                    client.apps().deployments().inNamespace(app + "-prod").withName(app)
                            .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                                    .withFieldManager("bench-edit").build(),
                                    "{\"spec\":{\"replicas\":" + (2 + i % 5) + "}}");
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!driftSeen.containsKey(app) && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    Long seen = driftSeen.get(app);
                    latencies.add(seen == null ? Long.MAX_VALUE : seen - edited);
                    // let the heal land before the next edit
                    Thread.sleep(20);
                }

                System.out.printf("apps=%d workers=%d objects/app=4 sandbox simulator=off qps=unlimited%n", apps,
                        workers);
                System.out.printf("helm library load (first render in the JVM): %d ms%n", helmLoadMs);
                System.out.printf("cold sync: %d ms wall, %d ms process CPU, %d apps applied, %d objects%n", coldMs,
                        coldCpuMs, applied, objects);
                System.out.printf("render per app: p50 %.1f ms, p99 %.1f ms, mean %.1f ms (n=%d)%n",
                        percentile(renderNanos, 50) / 1e6, percentile(renderNanos, 99) / 1e6,
                        renderNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6, renderNanos.size());
                System.out.printf("no-op reconcile: %d ms wall, %d ms process CPU, %d unchanged%n", noopMs, noopCpuMs,
                        unchanged);
                System.out.printf("drift detection (edit -> DriftDetected): p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                                + "(n=%d)%n", percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6,
                        Collections.max(latencies) / 1e6, latencies.size());
            }
            try (SyncEngine restarted = new SyncEngine(settings, Engines.configRepo(url,
                    dir.resolve("work-restarted"), Duration.ofSeconds(60)), helm, api,
                    new ConfigMapHistoryStore(api, "gitops-system"), Ownership.ALL, event -> { },
                    new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
                restarted.start();
                long cpu2 = os.getProcessCpuTime();
                long t2 = System.nanoTime();
                List<SyncOutcome> afterRestart = restarted.syncAll(SyncTrigger.STARTUP, null);
                long restartMs = (System.nanoTime() - t2) / 1_000_000;
                long restartCpuMs = (os.getProcessCpuTime() - cpu2) / 1_000_000;
                System.out.printf("reconcile after a restart (history read back, every app rendered, informers "
                                + "listed, nothing applied): %d ms wall, %d ms process CPU, %d unchanged%n", restartMs,
                        restartCpuMs, afterRestart.stream().filter(o -> o instanceof SyncOutcome.Unchanged).count());
            }
        }
        System.out.flush();
        // helm-java's Go runtime and the sandbox's Vert.x threads keep the JVM alive otherwise
        System.exit(0);
    }

    static io.gitops.sync.render.RenderRequest warmUpRequest(Path dir, Map<String, String> files)
            throws java.io.IOException {
        Path chart = dir.resolve("warmup/charts/web");
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().startsWith("charts/web/")) {
                Path target = dir.resolve("warmup").resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        }
        Path values = dir.resolve("warmup/values.yaml");
        Files.writeString(values, "extra: true\n");
        return new io.gitops.sync.render.RenderRequest(chart, values, "warmup", "warmup");
    }

    private static double percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
