package io.gitops.build;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.exec.actions.GitHubActionsExecutor;
import io.gitops.build.exec.kubernetes.JobSettings;
import io.gitops.build.exec.kubernetes.KubernetesExecutor;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.ImageBuilders;
import io.gitops.build.registry.EcrRegistry;
import io.gitops.build.registry.OciLayoutRegistry;
import io.gitops.build.registry.OciRegistry;
import io.gitops.build.registry.Registries;
import io.gitops.build.registry.RegistryCredentials;
import io.gitops.build.sonar.SonarQubeClient;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.events.Topics;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds the orchestrator from {@code gitops.build.*} and starts it with the application. */
@ApplicationScoped
public class BuildRuntime {

    private static final Logger LOG = Logger.getLogger(BuildRuntime.class);

    @Inject
    BuildConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private BuildOrchestrator orchestrator;
    private WebhookHandler handler;
    private EcrRegistry ecr;
    private final java.util.concurrent.CountDownLatch handlerReady = new java.util.concurrent.CountDownLatch(1);

    void start(@Observes StartupEvent event) {
        Path workDir = Path.of(config.workDir()).toAbsolutePath();
        ProcessRunner tools = new ProcessRunner(config.stage().outputTailBytes());
        ImageBuilder builder = ImageBuilders.select(config.image().builder(), config.image().buildahPath(),
                config.image().dockerPath(), workDir, tools);
        Optional<RegistryCredentials> ociCredentials = config.registry().password()
                .map(p -> new RegistryCredentials(config.registry().username().orElse(""), p));
        OciRegistry oci = new OciRegistry(ociCredentials, config.registry().insecureHosts(), config.registry().timeout());
        ecr = new EcrRegistry(config.registry().ecr().region(), config.registry().ecr().endpointOverride()
                .map(URI::create), config.registry().ecr().failOnSeverities(), config.registry().ecr().scanTimeout(),
                config.registry().ecr().scanPollInterval(), d -> Thread.sleep(d.toMillis()), oci);
        SonarQubeGate sonar = new SonarQubeGate(new SonarQubeClient(config.sonarqube().token(),
                config.registry().timeout()), config.sonarqube().url(), config.sonarqube().reportTaskPaths(),
                config.sonarqube().pollInterval(), config.sonarqube().timeout(), d -> Thread.sleep(d.toMillis()));
        ConfigRepoMirror mirror = new ConfigRepoMirror(config.configRepo().url(), config.configRepo().branch(),
                config.configRepo().name(), workDir.resolve("config-repo"), config.git().username(),
                config.git().password(), config.git().timeout());
        GitCheckout checkout = new GitCheckout(config.git().username(), config.git().password(), config.git().timeout());
        ActionsReports actionsReports = new ActionsReports(config.githubActions().reportWindow(), Clock.systemUTC());
        List<StageExecutor> executors = List.of(new LocalExecutor(config.stage().outputTailBytes()),
                new GitHubActionsExecutor(actionsReports, config.stage().outputTailBytes()),
                new KubernetesExecutor(() -> kubernetes.get(), new JobSettings(config.kubernetes().namespace(),
                        config.kubernetes().gitImage(), config.kubernetes().gitCredentialsSecretName()),
                        config.kubernetes().pollInterval(),
                        config.stage().outputTailBytes(), d -> Thread.sleep(d.toMillis())));
        Retry retry = new Retry(config.transientAttempts(), config.transientBackoff(), Duration.ofSeconds(30));
        Map<String, String> buildArgs = new LinkedHashMap<>();
        config.image().buildArgs().orElse(List.of()).forEach(arg -> {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                buildArgs.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        });
        BuildOrchestrator.Settings settings = new BuildOrchestrator.Settings(bootstrapServers, workDir,
                config.maxParallel(), mirror, config.git().urlTemplate(), checkout, executors, builder,
                registries(oci), sonar, config.sonarqube().reportTaskPaths(), config.sonarqube().url(),
                config.sonarqube().token(), buildArgs, config.stage().maxReportBytes(), config.stage().maxTimeout(),
                retry, d -> Thread.sleep(d.toMillis()), config.ackTimeout(), config.createTopics(),
                config.replicationFactor(), config.startupTimeout(), config.configRepo().refreshInterval(),
                Duration.ofSeconds(30), Clock.systemUTC(), actionsReports, config.githubActions().reportWindow());
        orchestrator = new BuildOrchestrator(settings, new BuildMetrics(registry));
        orchestrator.start();
        handler = new WebhookHandler(orchestrator, new DeadLetters(orchestrator.publisher(), "build-orchestrator"),
                new RecentIds(100_000), retry, d -> Thread.sleep(d.toMillis()), config.startupTimeout());
        handlerReady.countDown();
        LOG.infof("build-orchestrator ready: image builder %s, max %d pipelines in parallel, consuming %s",
                builder.name(), config.maxParallel(), Topics.WEBHOOK_RECEIVED);
    }

    private Registries registries(OciRegistry oci) {
        Optional<io.gitops.build.registry.Registry> layout = config.registry().layout().directory()
                .map(dir -> new OciLayoutRegistry(Path.of(dir)));
        layout.ifPresent(l -> LOG.infof("images of %s go to OCI image layouts under %s",
                config.registry().layout().hosts().map(h -> String.join(", ", h)).orElse("every non-ECR host"),
                ((OciLayoutRegistry) l).directory()));
        return new Registries(ecr, oci, layout, config.registry().layout().hosts().orElse(List.of()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (ecr != null) {
            ecr.close();
        }
    }

    public BuildOrchestrator orchestrator() {
        return orchestrator;
    }

    /** The webhook handler, once the orchestrator started (the consumer may be called before). */
    public WebhookHandler handler() {
        try {
            if (!handlerReady.await(config.startupTimeout().multipliedBy(4).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("build-orchestrator did not start within "
                        + config.startupTimeout().multipliedBy(4));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the start", e);
        }
        return handler;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
