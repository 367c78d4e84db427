package io.gitops.health;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.Topics;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.HealthRulesLoader;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.sync.HealthSettingsResolver;
import io.gitops.health.sync.RolloutRequests;
import io.gitops.health.sync.SyncHandler;
import io.gitops.health.verdict.KubernetesHalter;
import io.gitops.health.verdict.RolloutLedger;
import io.gitops.health.verdict.RolloutLedgerLoader;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.health.watch.InformerWorkloadViews;
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

/** Builds the verifier from {@code gitops.health.*} and the injected Kubernetes client; starts and stops it. */
@ApplicationScoped
public class HealthVerifierRuntime {

    private static final Logger LOG = Logger.getLogger(HealthVerifierRuntime.class);
    private static final String CONSUMER = "health-verifier";

    @Inject
    HealthVerifierConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    KubernetesClient kubernetes;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final CountDownLatch started = new CountDownLatch(1);
    private EventPublisher publisher;
    private RolloutLedgerLoader loader;
    private RolloutVerifier verifier;
    private SyncHandler handler;
    private volatile boolean samePartitioning = true;

    void start(@Observes StartupEvent event) {
        HealthRules rules = config.rulesFile().map(Path::of).map(HealthRulesLoader::load)
                .orElseGet(HealthRules::builtIn);
        HealthEvaluator evaluator = new HealthEvaluator(rules, new Thresholds(config.restartThreshold(),
                config.imagePullGrace(), config.readinessFailures()));
        HealthMetrics metrics = new HealthMetrics(registry);
        Retry retry = new Retry(config.transientAttempts(), config.transientBackoff(), Duration.ofSeconds(10));
        Retry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        publisher = EventPublisher.create(bootstrapServers, CONSUMER, config.ackTimeout(), Map.of());
        ensureTopics();
        RolloutLedger ledger = new RolloutLedger(100_000);
        loader = new RolloutLedgerLoader(bootstrapServers, Topics.ROLLOUT, ledger);
        loader.start();
        HealthSettingsResolver settings = new HealthSettingsResolver(
                new HealthSettings(config.defaultTimeout(), config.defaultMinStable()), overrides());
        verifier = new RolloutVerifier(new RolloutVerifier.Parts(
                new InformerWorkloadViews(kubernetes, config.observationInterval(), config.informerSyncTimeout()),
                evaluator, new KubernetesHalter(kubernetes, retry, sleeper), ledger,
                e -> publisher.publish(e).partition(), metrics, config.workloadMissingGrace(), retry, sleeper, settings::configured, Clock.systemUTC()));
        handler = new SyncHandler(verifier, new RolloutRequests(settings), new DeadLetters(publisher, CONSUMER),
                new RecentIds(100_000), retry, sleeper, () -> loader.awaitCaughtUp(config.ledgerLoadTimeout()),
                metrics);
        started.countDown();
        LOG.infof("health-verifier ready: %d workload and %d container rules, consuming %s, Kubernetes API %s",
                rules.workloadRules().size(), rules.containerRules().size(), Topics.SYNC,
                kubernetes.getConfiguration().getMasterUrl());
    }

    private void ensureTopics() {
        if (!config.createTopics()) {
            return;
        }
        try {
            TopicAdmin.ensureTopics(bootstrapServers, List.of(Topics.spec(Topics.SYNC).orElseThrow(),
                    Topics.spec(Topics.ROLLOUT).orElseThrow(), Topics.spec(Topics.SYNC).orElseThrow().deadLetter()),
                    config.replicationFactor(), config.startupTimeout());
            samePartitioning = PartitionCounts.equal(bootstrapServers, Topics.SYNC, Topics.ROLLOUT,
                    config.startupTimeout());
        } catch (IllegalStateException e) {
            LOG.warnf("could not ensure topics at start (readiness stays down until the broker answers): %s",
                    e.getMessage());
        }
    }

    private Map<String, HealthSettings> overrides() {
        Map<String, HealthSettings> out = new HashMap<>();
        config.apps().forEach((key, app) -> out.put(key, new HealthSettings(
                app.timeout().orElse(config.defaultTimeout()), app.minStable().orElse(config.defaultMinStable()))));
        return out;
    }

    void stop(@Observes ShutdownEvent event) {
        if (verifier != null) {
            verifier.close();
        }
        if (loader != null) {
            loader.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    /** Partitions of {@code gitops.sync.v1} were assigned: take over the rollouts pending in them. */
    void assigned(IntPredicate syncPartitions) {
        awaitStarted();
        if (!loader.awaitCaughtUp(config.ledgerLoadTimeout())) {
            LOG.warn("rollout ledger not loaded: pending rollouts are not taken over");
            return;
        }
        IntPredicate owned = samePartitioning ? syncPartitions : p -> true;
        verifier.recover(owned).forEach(r -> LOG.infof("took over the rollout of %s revision %s", r.appEnv(),
                r.shortRevision()));
    }

    /** Partitions were revoked: their new owner takes the watches over. */
    void revoked(IntPredicate syncPartitions) {
        if (verifier != null && samePartitioning) {
            verifier.release(syncPartitions);
        }
    }

    /** The handler, once started (the consumer may be called before the start event finished). */
    public SyncHandler handler() {
        awaitStarted();
        return handler;
    }

    private void awaitStarted() {
        try {
            if (!started.await(config.startupTimeout().multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("health-verifier did not start within "
                        + config.startupTimeout().multipliedBy(4));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the start", e);
        }
    }

    public RolloutVerifier verifier() {
        return verifier;
    }

    public boolean ledgerLoaded() {
        return loader != null && loader.caughtUp();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KubernetesClient kubernetes() {
        return kubernetes;
    }
}
