package io.gitops.sync.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.testing.Charts;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Engines;
import io.gitops.testing.sandbox.ChartRbac;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code SyncEngineBenchmark N W D authorization}: the cold sync of N apps with the sandbox's authorization off, then
 * on with the engine on its ServiceAccount token (see {@link SyncEngineBenchmark}).
 */
final class AuthorizationCost {

    private static final String PLATFORM = "gitops-system";
    private static final String ACCOUNT = "sync-engine";

    private AuthorizationCost() {
    }

    /** {@code onFirst}: the run with authorization goes first (to see what the order costs on a shared machine). */
    static void run(int apps, int workers, boolean onFirst) throws Exception {
        Path dir = Files.createTempDirectory("sync-bench-auth");
        try (LocalGitServer git = LocalGitServer.start(GitServerOptions.of(dir.resolve("git")))) {
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
            // the first render loads the Helm library: not in either timed run
            helm.render(SyncEngineBenchmark.warmUpRequest(dir, files));
            long[] on = onFirst ? coldSync(true, apps, workers, url, dir.resolve("on"), helm) : null;
            long[] off = coldSync(false, apps, workers, url, dir.resolve("off"), helm);
            if (!onFirst) {
                on = coldSync(true, apps, workers, url, dir.resolve("on"), helm);
            }
            System.out.printf("cold sync ratio on/off: %.2f wall, %.2f process CPU%n", (double) on[0] / off[0],
                    (double) on[1] / off[1]);
        }
    }

    /** @return wall ms and process CPU ms of the cold sync */
    private static long[] coldSync(boolean authorization, int apps, int workers, String url, Path dir,
                                   HelmChartRenderer helm) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        SandboxOptions options = SandboxOptions.defaults().withSimulator(false).withAuthorization(authorization);
        try (SandboxCluster sandbox = SandboxCluster.start(options)) {
            long setupStarted = System.nanoTime();
            KubernetesClient admin = sandbox.client();
            KubernetesClient client;
            if (authorization) {
                List<PolicyRule> managed = ChartRbac.rules("syncEngine", "rbac", "rules");
                Map<String, List<PolicyRule>> roles = new HashMap<>();
                for (int i = 0; i < apps; i++) {
                    roles.put("app" + i + "-prod", managed);
                }
                roles.put(PLATFORM, ChartRbac.rules("syncEngine", "rbac", "historyRules"));
                client = sandbox.client(ChartRbac.serviceAccountToken(sandbox, PLATFORM, ACCOUNT, roles));
            } else {
                for (int i = 0; i < apps; i++) {
                    ChartRbac.createNamespace(admin, "app" + i + "-prod");
                }
                ChartRbac.createNamespace(admin, PLATFORM);
                client = admin;
            }
            long setupMs = (System.nanoTime() - setupStarted) / 1_000_000;
            KubeApi api = new KubeApi(client, RateLimiter.unlimited(), SyncSettings.FIELD_MANAGER);
            SyncSettings settings = SyncSettings.defaults(ConfigRepoFixture.FULL_NAME).withWorkers(workers);
            try (SyncEngine engine = new SyncEngine(settings, Engines.configRepo(url, dir.resolve("work"),
                    Duration.ofSeconds(60)), helm, api, new ConfigMapHistoryStore(api, PLATFORM), Ownership.ALL,
                    event -> { }, new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
                engine.start();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<SyncOutcome> cold = engine.syncAll(SyncTrigger.STARTUP, null);
                long coldMs = (System.nanoTime() - t0) / 1_000_000;
                long coldCpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
                long applied = cold.stream().filter(o -> o instanceof SyncOutcome.Applied).count();
                long failed = cold.stream().filter(o -> o instanceof SyncOutcome.Failed).count();
                System.out.printf("%s authorization=%s apps=%d workers=%d: cold sync %d ms wall, %d ms process CPU, "
                                + "%d applied, %d failed, %d namespaces watched (set-up %d ms, not timed)%n",
                        java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0) + " load "
                                + os.getSystemLoadAverage(),
                        authorization ? "on (ServiceAccount token, chart's Roles)" : "off", apps, workers, coldMs,
                        coldCpuMs, applied, failed, engine.watchedNamespaces().size(), setupMs);
                return new long[] {coldMs, coldCpuMs};
            } finally {
                if (client != admin) {
                    client.close();
                }
            }
        }
    }
}
