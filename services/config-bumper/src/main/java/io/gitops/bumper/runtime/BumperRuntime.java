package io.gitops.bumper.runtime;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.bumper.BumperMetrics;
import io.gitops.bumper.BumperSettings;
import io.gitops.bumper.ConfigBumper;
import io.gitops.bumper.announce.KafkaAnnouncer;
import io.gitops.bumper.artifacts.ArtifactGate;
import io.gitops.bumper.artifacts.EcrDigests;
import io.gitops.bumper.artifacts.ImageDigests;
import io.gitops.bumper.artifacts.PipelineLedger;
import io.gitops.bumper.artifacts.PipelineTopicReader;
import io.gitops.bumper.artifacts.RegistryDigests;
import io.gitops.bumper.announce.TopicAnnouncementLedger;
import io.gitops.bumper.batch.Coalescer;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.commit.Identity;
import io.gitops.bumper.consume.IntentHandler;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.events.Topics;
import io.gitops.kit.Retry;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.ChannelWorker;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.GitRepositoryConfig;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.registry.OciManifests;
import io.gitops.kit.registry.RegistryCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Assembles the bumper from the service kit's {@link ServiceLifecycle} (topics, publisher, dead letters, consumer
 * pipeline, start-up gate, readiness, ordered close) and its own parts: auth, the announcement ledger, the coalescer
 * and its writer thread, and the core {@link ConfigBumper} (whose clone is opened on the writer thread, so a Git
 * server that is down at start only delays the first batch). Consumers that arrive before start-up wait on the
 * lifecycle's gate; crash recovery is scheduled on the writer thread.
 */
@ApplicationScoped
public class BumperRuntime {

    private static final Logger LOG = Logger.getLogger(BumperRuntime.class);
    /** The service's name: client id, dead-letter consumer, metrics' {@code service} tag. */
    public static final String SERVICE = "config-bumper";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    BumperConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private ServiceLifecycle lifecycle;
    /**
     * Records of one input in flight at once (the coalescing window gathers them), as many as the former
     * {@code bumper-handlers} worker pool ran (docs/adr/0002).
     */
    public static final int MAX_IN_FLIGHT = 128;

    private RecordPipeline pipeline;
    private ChannelWorker artifactWorker;
    private ChannelWorker rolloutWorker;
    private BumperMetrics metrics;
    private BumperAuth auth;
    private GitRepositorySettings repository;
    private HttpClient http;
    private PipelineLedger pipelines;
    private volatile TopicAnnouncementLedger ledger;
    private volatile Coalescer<Intent, IntentResult> coalescer;
    private volatile ConfigBumper bumper;

    /**
     * The bumper's declaration: what it consumes (each with its dead-letter topic) and produces. The service's own
     * readiness checks are added by the caller.
     */
    public static ServiceLifecycle.Builder lifecycle(KafkaClientSettings kafka, ServiceSettings settings,
                                                     MeterRegistry registry) {
        return ServiceLifecycle.builder(SERVICE, kafka, settings, registry)
                .consumes(Topics.ARTIFACT_PUBLISHED, Topics.ROLLOUT)
                .produces(Topics.CONFIG_CHANGED);
    }

    /** Declares the lifecycle and the consumer pipeline, which waits for {@link #onStart} to open the gate. */
    @PostConstruct
    void assemble() {
        metrics = new BumperMetrics(registry);
        http = HttpClient.newBuilder().connectTimeout(config.github().timeout()).build();
        auth = AuthSetup.auth(config, http, Clock.systemUTC());
        repository = repositorySettings(config, auth);
        lifecycle = lifecycle(KafkaClientSettings.from(kafkaConfig), ServiceSettings.from(config.service()), registry)
                .readiness("configRepositoryFetchable", this::repositoryFetchable)
                .readiness("announcementsLoaded", () -> ledger != null && ledger.caughtUp())
                .build();
        pipelines = new PipelineLedger(config.artifacts().pipelineCapacity());
        pipeline = lifecycle.pipeline(new IntentHandler(intent -> coalescer.submit(intent), config.handlerTimeout(),
                new ArtifactGate(pipelines, config.artifacts().pipelineWait(), metrics::refused))).build();
        artifactWorker = lifecycle.closeOnStop(ChannelWorker.unordered("artifacts", pipeline, MAX_IN_FLIGHT));
        rolloutWorker = lifecycle.closeOnStop(ChannelWorker.unordered("rollouts", pipeline, MAX_IN_FLIGHT));
    }

    void onStart(@Observes StartupEvent event) {
        Clock clock = Clock.systemUTC();
        lifecycle.start();
        lifecycle.closeOnStop(() -> {
            if (bumper != null) {
                bumper.git().close();
            }
        });
        lifecycle.closeOnStop(new PipelineTopicReader(lifecycle.kafka(), Topics.PIPELINE,
                config.artifacts().pipelineLookback(), pipelines, clock).start());
        ledger = lifecycle.closeOnStop(new TopicAnnouncementLedger(lifecycle.kafka(), Topics.CONFIG_CHANGED,
                config.heal().lookback(), 1_000_000, clock).start());
        Coalescer<Intent, IntentResult> writer = new Coalescer<>(config.coalesceWindow(), config.maxBatch(),
                this::process, "config-bumper-writer");
        lifecycle.closeOnStop(() -> writer.close(Duration.ofSeconds(30)));
        coalescer = writer;
        writer.run(() -> {
            recoverOnStart();
            return null;
        });
        writer.every(config.heal().interval(), config.heal().interval(), this::healPeriodically);
        lifecycle.ready();
        LOG.infof("config-bumper started: %s branch %s, auth %s, coalescing window %s", repository.displayUrl(),
                repository.branch(), auth.description(), config.coalesceWindow());
    }

    void onStop(@Observes ShutdownEvent event) {
        lifecycle.close();
    }

    /** On the writer thread: once the ledger knows what was announced, publish what a crash left unannounced. */
    private void recoverOnStart() {
        if (!ledger.awaitCaughtUp(config.service().startupTimeout())) {
            LOG.warn("announcement ledger not loaded within the startup timeout: crash recovery waits for the "
                    + "periodic run");
            return;
        }
        try {
            int healed = bumper().healAll();
            LOG.infof("crash recovery on start: %d missing config.changed published", healed);
        } catch (RuntimeException e) {
            LOG.warnf("crash recovery on start failed, the periodic run retries: %s", e.getMessage());
        }
    }

    private void healPeriodically() {
        if (!ledger.caughtUp()) {
            return;
        }
        try {
            bumper().heal();
        } catch (RuntimeException e) {
            LOG.warnf("periodic fetch failed: %s", e.getMessage());
        }
    }

    private List<IntentResult> process(List<Intent> intents) {
        ConfigBumper core;
        try {
            core = bumper();
        } catch (GitException e) {
            return intents.stream().map(intent -> new IntentResult(intent, List.of(new TargetResult.Failed(
                    intent.app(), null, !e.isTransient(), e.getMessage())))).toList();
        }
        return core.process(intents);
    }

    /** The core, opening the clone on first use (on the writer thread). */
    private ConfigBumper bumper() {
        if (bumper == null) {
            Path workDir = config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"),
                    "gitops-config-bumper"));
            GitClient git = GitClient.open(cloneDirectory(workDir, repository), repository);
            bumper = new ConfigBumper(git, settings(config, repository), new KafkaAnnouncer(lifecycle.publisher(),
                    ledger), ledger, AuthSetup.pullRequests(config, auth, http), metrics, Clock.systemUTC(),
                    Retry.Sleeper.REAL, registry(config.registry()));
            LOG.infof("warm clone of %s ready in %s", git.displayUrl(), git.workTree());
        }
        return bumper;
    }

    /** The registry the bumper confirms digests with (read-only). */
    static ImageDigests registry(BumperConfig.Registry config) {
        return new EcrDigests(new RegistryDigests(new OciManifests(config.insecureHosts(), config.timeout()),
                config.password().map(p -> new RegistryCredentials(config.username().orElse(""), p)),
                config.layout().directory(), config.layout().hosts().orElse(List.of())),
                config.ecr().endpointOverride());
    }

    /** The config repository in the kit's shape, with the chosen credentials. */
    static GitRepositorySettings repositorySettings(BumperConfig config, BumperAuth auth) {
        GitRepositoryConfig repo = config.repo();
        return GitRepositorySettings.of(repo.url(), repo.branch(), repo.name(), auth.git(), repo.timeout());
    }

    /** The warm clone's directory: one per remote and branch under the work directory. */
    static Path cloneDirectory(Path workDir, GitRepositorySettings repository) {
        return workDir.resolve("clone-" + Integer.toHexString((repository.url() + "#" + repository.branch())
                .hashCode()));
    }

    /** The core's settings from the configuration, grouped by concern. */
    static BumperSettings settings(BumperConfig config, GitRepositorySettings repository) {
        BumperConfig.Git git = config.git();
        Identity author = new Identity(git.authorName(), git.authorEmail());
        Identity committer = new Identity(git.committerName().orElse(git.authorName()),
                git.committerEmail().orElse(git.authorEmail()));
        BumperConfig.Push push = config.push();
        BumperConfig.Heal heal = config.heal();
        return new BumperSettings(
                new BumperSettings.Repository(repository.name(), config.maxFileBytes(), config.historyDepth()),
                new BumperSettings.CommitIdentity(author, committer),
                new Retry(push.maxAttempts(), push.firstBackoff(), push.maxBackoff()),
                new BumperSettings.Healing(heal.depth(), heal.grace(), heal.lookback()),
                new BumperSettings.PullRequests(config.pullRequestBranchPrefix()));
    }

    private boolean repositoryFetchable() {
        Duration timeout = repository.timeout();
        return GitClient.answers(repository, timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT);
    }

    /** The consumer pipeline of both inputs. */
    public RecordPipeline pipeline() {
        return pipeline;
    }

    /** Runs {@code artifacts} records through {@link #pipeline()} off the connector's thread (ack/nack). */
    public ChannelWorker artifactWorker() {
        return artifactWorker;
    }

    /** Runs {@code rollouts} records through {@link #pipeline()} off the connector's thread (ack/nack). */
    public ChannelWorker rolloutWorker() {
        return rolloutWorker;
    }

    /** The lifecycle, for the readiness check. */
    ServiceLifecycle serviceLifecycle() {
        return lifecycle;
    }

    /** Whether the writer thread still takes batches (true while it is not started yet: starting is not dead). */
    boolean writerAlive() {
        Coalescer<Intent, IntentResult> writer = coalescer;
        return writer == null || writer.alive();
    }
}
