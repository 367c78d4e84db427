package io.gitops.sync;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.Topics;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.kit.git.github.GitHubApp;
import io.gitops.kit.git.github.TokenScope;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.consume.ChannelWorker;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.RateLimiter;
import io.gitops.sync.git.ConfigRepo;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.KeyPartitioner;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.shard.PartitionOwnership;
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
 * Assembles the sync engine on the service kit's {@link ServiceLifecycle}: declares what it consumes and produces
 * (the lifecycle creates the topics and their dead-letter topics, then the publisher), builds the clone, helm-java,
 * the Kubernetes API with its rate limit, the ConfigMap history, ownership by partition and the consumers' pipeline,
 * then starts drift watching and the poll and opens the start-up gate. Ready once the config repository has been
 * fetched (besides the lifecycle's own checks).
 */
@ApplicationScoped
public class SyncRuntime {

    private static final Logger LOG = Logger.getLogger(SyncRuntime.class);
    static final String SERVICE = "sync-engine";

    @Inject
    SyncConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    KubernetesClient client;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Records of one channel taken and not settled yet, across partitions (docs/adr/0002). */
    static final int MAX_IN_FLIGHT = 16;

    private ServiceLifecycle lifecycle;
    private ConfigRepo repo;
    private SyncEngine engine;
    private PartitionOwnership partitions;
    private EngineInput input;
    private Poller poller;
    private ChannelWorker workWorker;
    private ChannelWorker pushWorker;

    @PostConstruct
    void init() {
        lifecycle = ServiceLifecycle.builder(SERVICE, KafkaClientSettings.from(kafkaConfig),
                        ServiceSettings.from(config.service()), registry)
                .consumes(Topics.CONFIG_CHANGED, Topics.ROLLOUT, Topics.WEBHOOK_RECEIVED)
                .produces(Topics.SYNC)
                .readiness("configRepositoryFetched", () -> repo, r -> r.current().isPresent())
                .readinessData("ownedPartitions", () -> ownedPartitions().toString())
                .build()
                .start();
        SyncMetrics metrics = new SyncMetrics(registry);
        GitRepositorySettings repoSettings = configRepository(config, false, Clock.systemUTC());
        repo = lifecycle.closeOnStop(new ConfigRepo(repoSettings, Path.of(config.workDir())));
        KubeApi api = new KubeApi(client, new RateLimiter(config.kubernetes().qps(), config.kubernetes().burst()),
                config.fieldManager());
        Ownership ownership = Ownership.ALL;
        if (config.sharding().enabled()) {
            partitions = new PartitionOwnership(Topics.CONFIG_CHANGED, config.sharding().partitions());
            ownership = partitions;
            metrics.ownedPartitions(() -> partitions.ownedPartitions().size());
        }
        SyncSettings settings = new SyncSettings(repoSettings.name(), config.fieldManager(),
                config.historyLimit(), config.workers(), new HashSet<>(config.drift().expectedManagers()),
                config.drift().enabled(), config.drift().resync(), config.createNamespaces());
        engine = lifecycle.closeOnStop(new SyncEngine(settings, repo, new HelmChartRenderer(), api,
                new ConfigMapHistoryStore(api, config.historyNamespace(), config.createNamespaces()), ownership, lifecycle.publisher()::publish,
                metrics, Clock.systemUTC()));
        input = new EngineInput(engine::handle, handler -> lifecycle.pipeline(handler).build());
        poller = lifecycle.closeOnStop(new Poller(engine, config.pollInterval(), config.pollJitter()));
        // registered last, closed first: a backoff ends before the engine and the clone close
        workWorker = lifecycle.closeOnStop(ChannelWorker.perPartition("sync-work", input::consume, input.pipeline(),
                MAX_IN_FLIGHT));
        pushWorker = lifecycle.closeOnStop(ChannelWorker.perPartition("config-pushes", input::consume,
                input.pipeline(), MAX_IN_FLIGHT));
        if (partitions != null && config.startupSync()) {
            partitions.onGained(gained -> poller.submit((app, env) -> gained.contains(
                    KeyPartitioner.partition(KeyPartitioner.key(app, env), partitions.partitions())),
                    SyncTrigger.STARTUP));
        }
    }

    /**
     * The config repository and how it is reached: with a GitHub App configured, short-lived installation tokens,
     * read-only, scoped to the config repository alone; else the repository's own credentials.
     */
    static GitRepositorySettings configRepository(SyncConfig config, boolean allowFileUrls, Clock clock) {
        GitRepositorySettings settings = GitRepositorySettings.from(config.repo(), allowFileUrls);
        Optional<GitHubApp> githubApp = GitHubApp.from(config.github(), "gitops.sync.github", HttpClient.newBuilder()
                .connectTimeout(config.github().timeout()).build(), clock);
        return githubApp.map(app -> app.access(settings, TokenScope.read(settings.name()))).orElse(settings);
    }

    void start(@Observes StartupEvent event) {
        engine.start();
        if (partitions == null && config.startupSync()) {
            poller.submit((app, env) -> true, SyncTrigger.STARTUP);
        }
        poller.start();
        lifecycle.ready();
        LOG.infof("sync engine started: repo %s (%s), sharding %s, poll every %s", repo.url(), repo.branch(),
                partitions == null ? "off" : "on " + Topics.CONFIG_CHANGED,
                config.pollInterval());
    }

    /** Closes the poll, the engine and the clone (in that order), then the publisher. */
    void stop(@Observes ShutdownEvent event) {
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    public ServiceLifecycle lifecycle() {
        return lifecycle;
    }

    public SyncEngine engine() {
        return engine;
    }

    public EngineInput input() {
        return input;
    }

    /** Runs the {@code sync-work} channel's records through {@link #input()} off the connector's thread. */
    public ChannelWorker workWorker() {
        return workWorker;
    }

    /** Runs the {@code config-pushes} channel's records through {@link #input()} off the connector's thread. */
    public ChannelWorker pushWorker() {
        return pushWorker;
    }

    public Optional<PartitionOwnership> partitions() {
        return Optional.ofNullable(partitions);
    }

    public Set<Integer> ownedPartitions() {
        return partitions == null ? Set.of() : partitions.ownedPartitions();
    }
}
