package io.gitops.bumper;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.bumper.git.GitAuth;
import io.gitops.bumper.git.GitUnavailableException;
import io.gitops.bumper.git.GitWorkspace;
import io.gitops.events.Topics;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds and owns the bumper's parts: auth, publisher, dead letters, announcement ledger, the coalescer and its writer
 * thread, and the core {@link ConfigBumper} (whose clone is opened on the writer thread, so a Git server that is down
 * at start only delays the first batch). Creates the topics on start and schedules crash recovery.
 */
@ApplicationScoped
public class BumperRuntime {

    private static final Logger LOG = Logger.getLogger(BumperRuntime.class);
    static final String CONSUMER = "config-bumper";

    @Inject
    BumperConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private BumperMetrics metrics;
    private GitAuth auth;
    private HttpClient http;
    private EventPublisher publisher;
    private TopicAnnouncementLedger ledger;
    private Coalescer<Intent, IntentResult> coalescer;
    private RecordHandler handler;
    private volatile ConfigBumper bumper;
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Starts once; the consumers may call it before the startup event reached this bean. */
    synchronized void start() {
        if (started) {
            return;
        }
        Clock clock = Clock.systemUTC();
        metrics = new BumperMetrics(registry);
        http = HttpClient.newBuilder().connectTimeout(config.github().timeout()).build();
        auth = AuthSetup.gitAuth(config, http, clock);
        if (config.createTopics()) {
            createTopics();
        }
        publisher = EventPublisher.create(bootstrapServers, CONSUMER, config.ackTimeout(), Map.of());
        ledger = new TopicAnnouncementLedger(bootstrapServers, Topics.CONFIG_CHANGED, config.heal().lookback(),
                1_000_000, clock).start();
        coalescer = new Coalescer<>(config.coalesceWindow(), config.maxBatch(), this::process, "config-bumper-writer");
        DeadLetters deadLetters = new DeadLetters(publisher, CONSUMER);
        handler = new RecordHandler(coalescer::submit, deadLetters::send, new RecentIds(config.dedupeCapacity()),
                new Retry(config.retry().maxAttempts(), config.retry().firstBackoff(), config.retry().maxBackoff()),
                d -> Thread.sleep(d.toMillis()), metrics, config.handlerTimeout());
        coalescer.run(() -> {
            recoverOnStart();
            return null;
        });
        coalescer.every(config.heal().interval(), config.heal().interval(), this::healPeriodically);
        started = true;
        LOG.infof("config-bumper started: %s branch %s, auth %s, coalescing window %s",
                GitWorkspace.displayUrlOf(config.repo().url()), config.repo().branch(), AuthSetup.describe(auth),
                config.coalesceWindow());
    }

    private void createTopics() {
        List<Topics.TopicSpec> specs = List.of(
                Topics.spec(Topics.ARTIFACT_PUBLISHED).orElseThrow(),
                Topics.spec(Topics.ARTIFACT_PUBLISHED).orElseThrow().deadLetter(),
                Topics.spec(Topics.ROLLOUT).orElseThrow(),
                Topics.spec(Topics.ROLLOUT).orElseThrow().deadLetter(),
                Topics.spec(Topics.CONFIG_CHANGED).orElseThrow());
        try {
            TopicAdmin.ensureTopics(bootstrapServers, specs, config.replicationFactor(), config.startupTimeout());
        } catch (IllegalStateException e) {
            LOG.warnf("could not ensure the topics at start (readiness stays down until the broker answers): %s",
                    e.getMessage());
        }
    }

    /** On the writer thread: once the ledger knows what was announced, publish what a crash left unannounced. */
    private void recoverOnStart() {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        while (!ledger.caughtUp() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!ledger.caughtUp()) {
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
        } catch (GitUnavailableException e) {
            return intents.stream().map(intent -> new IntentResult(intent, List.of(new TargetResult.Failed(
                    intent.app(), null, false, e.getMessage())))).toList();
        }
        return core.process(intents);
    }

    /** The core, opening the clone on first use (on the writer thread). */
    ConfigBumper bumper() {
        if (bumper == null) {
            Path workDir = config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"),
                    "gitops-config-bumper"));
            GitWorkspace workspace = GitWorkspace.open(workDir, config.repo().url(), config.repo().branch(), auth,
                    config.git().timeout());
            bumper = new ConfigBumper(workspace, settings(), new KafkaAnnouncer(publisher, ledger), ledger,
                    AuthSetup.pullRequests(config, auth, http), metrics, Clock.systemUTC(),
                    d -> Thread.sleep(d.toMillis()));
            LOG.infof("warm clone of %s ready in %s", workspace.displayUrl(), workDir);
        }
        return bumper;
    }

    BumperSettings settings() {
        BumperConfig.Git git = config.git();
        Identity author = new Identity(git.authorName(), git.authorEmail());
        Identity committer = new Identity(git.committerName().orElse(git.authorName()),
                git.committerEmail().orElse(git.authorEmail()));
        return new BumperSettings(config.repo().name().orElse(GitWorkspace.displayUrlOf(config.repo().url())),
                author, committer, config.maxFileBytes(), config.push().maxAttempts(), config.push().firstBackoff(),
                config.push().maxBackoff(), config.pullRequestBranchPrefix(), config.historyDepth(),
                config.heal().depth(), config.heal().grace(), config.heal().lookback());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (coalescer != null) {
            coalescer.close(Duration.ofSeconds(30));
        }
        if (ledger != null) {
            ledger.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (bumper != null) {
            bumper.workspace().close();
        }
    }

    public RecordHandler handler() {
        if (!started) {
            start();
        }
        return handler;
    }

    public BumperConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    GitAuth auth() {
        return auth;
    }

    boolean writerAlive() {
        return coalescer != null && coalescer.alive();
    }

    boolean ledgerLoaded() {
        return ledger != null && ledger.caughtUp();
    }
}
