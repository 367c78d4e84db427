package io.gitops.build.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.BuildMetrics;
import io.gitops.build.BuildOrchestrator;
import io.gitops.build.WebhookHandler;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.registry.EcrRegistry;
import io.gitops.build.registry.OciRegistry;
import io.gitops.build.registry.Registries;
import io.gitops.build.registry.Registry;
import io.gitops.build.sonar.SonarQubeClient;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Plain (non-Quarkus) orchestrators for integration tests, assembled as the service assembles them. */
public final class Orchestrators {

    /** GitHub Actions reports shared by the orchestrators of a test JVM (as the topic would be). */
    public static final ActionsReports REPORTS = new ActionsReports(Duration.ofHours(1), Clock.systemUTC());

    private Orchestrators() {
    }

    public static OciRegistry oci() {
        return new OciRegistry(Optional.empty(), List.of("127.0.0.1", "localhost"), Duration.ofSeconds(10));
    }

    public static BuildOrchestrator.Settings settings(String bootstrap, Path workDir, String configUrl,
                                                      String gitUrlTemplate, ImageBuilder builder, Registry oci,
                                                      List<StageExecutor> executors, int maxParallel) {
        Retry retry = new Retry(2, Duration.ofMillis(50), Duration.ofMillis(100));
        OciRegistry plainOci = oci();
        Registries registries = new Registries(new EcrRegistry(Optional.of("us-east-1"), Optional.empty(),
                List.of("CRITICAL"), Duration.ofSeconds(5), Duration.ofMillis(10), d -> { }, plainOci), oci);
        return new BuildOrchestrator.Settings(bootstrap, workDir, maxParallel,
                new ConfigRepoMirror(configUrl, "main", Optional.empty(), workDir.resolve("config-repo"),
                        Optional.empty(), Optional.empty(), Duration.ofSeconds(30)),
                gitUrlTemplate, new GitCheckout(Optional.empty(), Optional.empty(), Duration.ofSeconds(30)),
                executors, builder, registries,
                new SonarQubeGate(new SonarQubeClient(Optional.empty(), Duration.ofSeconds(5)), Optional.empty(),
                        List.of("target/sonar/report-task.txt"), Duration.ofMillis(10), Duration.ofSeconds(5),
                        d -> { }),
                List.of("target/sonar/report-task.txt"), Optional.empty(), Optional.empty(), Map.of(), 10_000_000,
                Duration.ofMinutes(10), retry, d -> { }, Duration.ofSeconds(10), true, (short) 1,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(500), Clock.systemUTC(),
                REPORTS, Duration.ofHours(1));
    }

    public static BuildOrchestrator.Settings settings(String bootstrap, Path workDir, String configUrl,
                                                      String gitUrlTemplate, ImageBuilder builder, Registry oci) {
        return settings(bootstrap, workDir, configUrl, gitUrlTemplate, builder, oci,
                List.of(new LocalExecutor(4096)), 2);
    }

    public static BuildOrchestrator start(BuildOrchestrator.Settings settings) {
        BuildOrchestrator orchestrator = new BuildOrchestrator(settings, new BuildMetrics(new SimpleMeterRegistry()));
        orchestrator.start();
        return orchestrator;
    }

    public static WebhookHandler handler(BuildOrchestrator orchestrator) {
        return new WebhookHandler(orchestrator, new DeadLetters(orchestrator.publisher(), "build-orchestrator"),
                new RecentIds(1000), new Retry(2, Duration.ofMillis(10), Duration.ofMillis(10)), d -> { },
                Duration.ofSeconds(30));
    }
}
