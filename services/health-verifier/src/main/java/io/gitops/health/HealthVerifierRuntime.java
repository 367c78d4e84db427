package io.gitops.health;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.Topics;
import io.gitops.health.input.HealthSettingsResolver;
import io.gitops.health.input.RolloutRequests;
import io.gitops.health.input.WatchStarter;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.HealthRulesLoader;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.verdict.KubernetesHalter;
import io.gitops.health.verdict.RolloutLedger;
import io.gitops.health.verdict.RolloutLedgerLoader;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.health.watch.InformerWorkloadViews;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Retry;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.ChannelWorker;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
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
 * Assembles the verifier from {@code gitops.health.*}, the injected Kubernetes client and the {@code kafka.*}
 * connection: a {@link ServiceLifecycle} that consumes {@code gitops.sync.v1} and produces {@code gitops.rollout.v1},
 * the verifier's parts, and the record pipeline whose handler is the {@link WatchStarter}. The lifecycle's start-up
 * gate opens once the rollout ledger has been read back, so no sync record is judged against a stale ledger.
 */
@ApplicationScoped
public class HealthVerifierRuntime {

    static final String SERVICE = "health-verifier";
    private static final Logger LOG = Logger.getLogger(HealthVerifierRuntime.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    HealthVerifierConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private ServiceLifecycle lifecycle;
    /** {@code gitops.sync.v1} records taken and not settled yet, across partitions (docs/adr/0002). */
    static final int MAX_IN_FLIGHT = 16;

    private RecordPipeline pipeline;
    private ChannelWorker worker;
    private volatile RolloutLedgerLoader loader;
    private volatile RolloutVerifier verifier;
    private volatile WatchStarter watchStarter;
    private volatile boolean samePartitioning = true;

    /** The lifecycle and the pipeline exist from the bean's creation: the consumer may call before the start event. */
    @PostConstruct
    void assemble() {
        lifecycle = ServiceLifecycle.builder(SERVICE, KafkaClientSettings.from(kafkaConfig),
                        ServiceSettings.from(config.service()), registry)
                .consumes(Topics.SYNC)
                .produces(Topics.ROLLOUT)
                .readiness("kubernetesReachable", new KubernetesReachable(kubernetes, PROBE_TIMEOUT))
                .readiness("rolloutLedgerLoaded", () -> loader != null && loader.caughtUp())
                .build();
        // handled only once the gate is open, i.e. after start() set the watch starter
        pipeline = lifecycle.pipeline(event -> watchStarter.handle(event)).build();
        worker = lifecycle.closeOnStop(ChannelWorker.perPartition("sync", pipeline, MAX_IN_FLIGHT));
    }

    void start(@Observes StartupEvent event) {
        HealthRules rules = config.rulesFile().map(Path::of).map(HealthRulesLoader::load)
                .orElseGet(HealthRules::builtIn);
        HealthEvaluator evaluator = new HealthEvaluator(rules, new Thresholds(config.restartThreshold(),
                config.imagePullGrace(), config.readinessFailures()));
        HealthMetrics metrics = new HealthMetrics(registry);
        ServiceSettings settings = lifecycle.settings();
        Retry retry = settings.retry();
        // held, not asked for each verdict: a verdict concluded while the service stops is still published
        EventPublisher publisher = lifecycle.publisher();
        RolloutLedger ledger = new RolloutLedger(100_000);
        loader = lifecycle.closeOnStop(new RolloutLedgerLoader(lifecycle.kafka(), Topics.ROLLOUT, ledger,
                lifecycle::ready));
        HealthSettingsResolver healthSettings = new HealthSettingsResolver(
                new HealthSettings(config.defaultTimeout(), config.defaultMinStable()), overrides());
        verifier = lifecycle.closeOnStop(new RolloutVerifier(new RolloutVerifier.Parts(
                new InformerWorkloadViews(kubernetes, config.observationInterval(), config.informerSyncTimeout()),
                evaluator, new KubernetesHalter(kubernetes, retry, Retry.Sleeper.REAL), ledger,
                e -> publisher.publish(e).partition(), metrics, config.workloadMissingGrace(), retry,
                Retry.Sleeper.REAL, healthSettings::configured, Clock.systemUTC())));
        watchStarter = new WatchStarter(new RolloutRequests(healthSettings), verifier, metrics);
        if (settings.createTopics()) {
            samePartitioning = !PartitionCounts.differ(lifecycle.kafka(), Topics.SYNC, Topics.ROLLOUT,
                    settings.startupTimeout());
        }
        loader.start();
        LOG.infof("health-verifier started: %d workload and %d container rules, consuming %s once the rollout "
                + "ledger is loaded, Kubernetes API %s", rules.workloadRules().size(), rules.containerRules().size(),
                Topics.SYNC, kubernetes.getConfiguration().getMasterUrl());
    }

    private Map<String, HealthSettings> overrides() {
        Map<String, HealthSettings> out = new HashMap<>();
        config.apps().forEach((key, app) -> out.put(key, new HealthSettings(
                app.timeout().orElse(config.defaultTimeout()), app.minStable().orElse(config.defaultMinStable()))));
        return out;
    }

    /** Closes the verifier's watches, then the ledger's read-back, then the publisher. */
    void stop(@Observes ShutdownEvent event) {
        lifecycle.close();
    }

    /**
     * Partitions of {@code gitops.sync.v1} were assigned: take over the rollouts pending in them, once the ledger is
     * loaded (waiting as long as a sync record may: the start-up timeout, for each attempt).
     */
    void assigned(IntPredicate syncPartitions) {
        ServiceSettings settings = lifecycle.settings();
        Duration bound = settings.startupTimeout().multipliedBy(settings.retry().maxAttempts());
        if (!lifecycle.gate().await(bound)) {
            LOG.warnf("rollout ledger not loaded within %s: pending rollouts are not taken over", bound);
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

    /** The pipeline every {@code gitops.sync.v1} record goes through. */
    public RecordPipeline pipeline() {
        return pipeline;
    }

    /** Runs the {@code sync} channel's records through {@link #pipeline()} off the connector's thread (ack/nack). */
    public ChannelWorker worker() {
        return worker;
    }

    public ServiceLifecycle lifecycle() {
        return lifecycle;
    }
}
