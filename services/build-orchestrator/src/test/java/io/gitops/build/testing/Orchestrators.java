package io.gitops.build.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.BuildLifecycle;
import io.gitops.build.BuildMetrics;
import io.gitops.build.BuildOrchestrator;
import io.gitops.build.BuildParts;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.exec.kubernetes.JobSettings;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.registry.EcrRegistry;
import io.gitops.build.registry.OciRegistry;
import io.gitops.build.registry.Registries;
import io.gitops.build.registry.Registry;
import io.gitops.build.settings.BuildSettings;
import io.gitops.build.settings.ExecutorSettings;
import io.gitops.build.settings.ImageSettings;
import io.gitops.build.settings.Limits;
import io.gitops.build.settings.RegistrySettings;
import io.gitops.build.settings.RepositorySettings;
import io.gitops.build.settings.SonarSettings;
import io.gitops.kit.Retry;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Plain (non-Quarkus) orchestrators for integration tests, assembled as the service assembles them. */
public final class Orchestrators {

    /** GitHub Actions reports shared by the orchestrators of a test JVM (as the topic would be). */
    public static final ActionsReports REPORTS = new ActionsReports(Duration.ofHours(1), Clock.systemUTC());

    /** What a test orchestrator is built from: the broker, the settings and the parts. */
    public record Setup(KafkaClientSettings kafka, ServiceSettings service, BuildSettings settings, BuildParts parts) {
    }

    private Orchestrators() {
    }

    public static OciRegistry oci() {
        return new OciRegistry(Optional.empty(), List.of("127.0.0.1", "localhost"), Duration.ofSeconds(10));
    }

    public static Setup settings(String bootstrap, Path workDir, String configUrl, String gitUrlTemplate,
                                 ImageBuilder builder, Registry oci, List<StageExecutor> executors, int maxParallel) {
        ServiceSettings service = new ServiceSettings(Duration.ofSeconds(10), true, (short) 1, Duration.ofSeconds(30),
                1000, new Retry(2, Duration.ofMillis(50), Duration.ofMillis(100)));
        SonarSettings sonar = new SonarSettings(Optional.empty(), Optional.empty(),
                List.of("target/sonar/report-task.txt"), Duration.ofMillis(10), Duration.ofSeconds(5));
        BuildSettings settings = new BuildSettings(workDir, new Limits(maxParallel, Duration.ofMinutes(10), 10_000_000,
                4096), new RepositorySettings(GitRepositorySettings.of(configUrl, "main", Optional.empty(),
                GitCredentials.none(), Duration.ofSeconds(30), true), Duration.ofMinutes(5), gitUrlTemplate,
                GitCredentials.none(), Duration.ofSeconds(30)),
                new ImageSettings(builder.name(), "buildah", "docker", Map.of()),
                new RegistrySettings(List.of("127.0.0.1", "localhost"), Optional.empty(), Duration.ofSeconds(10),
                        new RegistrySettings.Ecr(Optional.of("us-east-1"), Optional.empty(), List.of("CRITICAL"),
                                Duration.ofSeconds(5), Duration.ofMillis(10)),
                        new RegistrySettings.Layout(Optional.empty(), List.of())),
                sonar, new ExecutorSettings(new JobSettings("gitops-builds", "alpine/git:2.47.2", Optional.empty()),
                Duration.ofMillis(20), Duration.ofHours(1)), Duration.ofMillis(500));
        Registries registries = new Registries(new EcrRegistry(Optional.of("us-east-1"), Optional.empty(),
                List.of("CRITICAL"), Duration.ofSeconds(5), Duration.ofMillis(10), d -> { }, oci()), oci);
        BuildParts parts = new BuildParts(BuildParts.configRepo(settings), BuildParts.checkout(settings.repositories()),
                executors, builder, registries, BuildParts.sonar(sonar, Duration.ofSeconds(5)), REPORTS,
                Clock.systemUTC(), d -> { }, List.of());
        return new Setup(KafkaClientSettings.of(bootstrap), service, settings, parts);
    }

    public static Setup settings(String bootstrap, Path workDir, String configUrl, String gitUrlTemplate,
                                 ImageBuilder builder, Registry oci) {
        return settings(bootstrap, workDir, configUrl, gitUrlTemplate, builder, oci,
                List.of(new LocalExecutor(4096)), 2);
    }

    public static BuildOrchestrator start(Setup setup) {
        BuildOrchestrator[] self = new BuildOrchestrator[1];
        ServiceLifecycle lifecycle = BuildLifecycle.of(setup.kafka(), setup.service(), new SimpleMeterRegistry(),
                () -> self[0]);
        self[0] = new BuildOrchestrator(setup.settings(), setup.parts(), lifecycle,
                new BuildMetrics(new SimpleMeterRegistry()));
        self[0].start();
        return self[0];
    }

    /** The webhook consumer's pipeline, as the service builds it (backoffs not waited out). */
    public static RecordPipeline handler(BuildOrchestrator orchestrator) {
        return orchestrator.lifecycle().pipeline(event -> orchestrator.starter().handle(event)).sleeper(d -> { })
                .build();
    }
}
