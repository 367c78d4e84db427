package io.gitops.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.Topics;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.TopicAdmin;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.RateLimiter;
import io.gitops.sync.git.ConfigRepo;
import io.gitops.sync.git.GitAuth;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.KeyPartitioner;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.shard.PartitionOwnership;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the core from configuration: the clone, helm-java, the Kubernetes API with its rate limit, the ConfigMap
 * history, ownership by partition, the publisher; creates the topics, starts drift watching and the poll.
 */
@ApplicationScoped
public class SyncRuntime {

    private static final Logger LOG = Logger.getLogger(SyncRuntime.class);
    static final String CONSUMER = "sync-engine";

    @Inject
    SyncConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    KubernetesClient client;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SyncMetrics metrics;
    private EventPublisher publisher;
    private ConfigRepo repo;
    private SyncEngine engine;
    private Ownership ownership;
    private PartitionOwnership partitions;
    private ConsumedEvents consumed;
    private Poller poller;
    private volatile boolean started;

    @PostConstruct
    void init() {
        metrics = new SyncMetrics(registry);
        publisher = EventPublisher.create(bootstrapServers, CONSUMER, config.ackTimeout(), Map.of());
        repo = new ConfigRepo(config.repo().url(), config.repo().branch(), auth(config.repo()),
                Path.of(config.workDir()), config.repo().timeout());
        KubeApi api = new KubeApi(client, new RateLimiter(config.kubernetes().qps(), config.kubernetes().burst()),
                config.fieldManager());
        if (config.sharding().enabled()) {
            partitions = new PartitionOwnership(Topics.CONFIG_CHANGED, config.sharding().partitions());
            ownership = partitions;
            metrics.ownedPartitions(() -> partitions.ownedPartitions().size());
        } else {
            ownership = Ownership.ALL;
        }
        SyncSettings settings = new SyncSettings(config.repoFullName().orElse(""), config.fieldManager(),
                config.historyLimit(), config.workers(), new HashSet<>(config.drift().expectedManagers()),
                config.drift().enabled(), config.drift().resync());
        engine = new SyncEngine(settings, repo, new HelmChartRenderer(), api,
                new ConfigMapHistoryStore(api, config.historyNamespace()), ownership, publisher::publish, metrics,
                Clock.systemUTC());
        consumed = new ConsumedEvents(engine, new DeadLetters(publisher, CONSUMER),
                new RecentIds(config.dedupeCapacity()),
                new Retry(config.transientAttempts(), config.transientBackoff(), config.transientBackoff().multipliedBy(8)),
                d -> Thread.sleep(d.toMillis()), metrics);
        poller = new Poller(engine, config.pollInterval(), config.pollJitter());
        if (partitions != null && config.startupSync()) {
            partitions.onGained(gained -> poller.submit((app, env) -> gained.contains(
                    KeyPartitioner.partition(KeyPartitioner.key(app, env), partitions.partitions())),
                    SyncTrigger.STARTUP));
        }
    }

    static Optional<GitAuth> auth(SyncConfig.Repo repo) {
        if (repo.password().isPresent()) {
            return Optional.of(new GitAuth(repo.username().orElse(GitAuth.TOKEN_USER), repo.password().get()));
        }
        return repo.token().map(token -> new GitAuth(repo.username().orElse(GitAuth.TOKEN_USER), token));
    }

    void start(@Observes StartupEvent event) {
        if (config.createTopics()) {
            List<Topics.TopicSpec> topics = new ArrayList<>();
            for (String name : List.of(Topics.CONFIG_CHANGED, Topics.ROLLOUT, Topics.WEBHOOK_RECEIVED, Topics.SYNC)) {
                Topics.TopicSpec spec = Topics.spec(name).orElseThrow();
                topics.add(spec);
                if (!name.equals(Topics.SYNC)) {
                    topics.add(spec.deadLetter());
                }
            }
            try {
                TopicAdmin.ensureTopics(bootstrapServers, topics, config.replicationFactor(), config.startupTimeout());
            } catch (IllegalStateException e) {
                LOG.warnf("could not ensure topics at start: %s", e.getMessage());
            }
        }
        engine.start();
        if (partitions == null && config.startupSync()) {
            poller.submit((app, env) -> true, SyncTrigger.STARTUP);
        }
        poller.start();
        started = true;
        LOG.infof("sync engine started: repo %s (%s), sharding %s, poll every %s", config.repo().url(),
                config.repo().branch(), partitions == null ? "off" : "on " + Topics.CONFIG_CHANGED,
                config.pollInterval());
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    public SyncEngine engine() {
        return engine;
    }

    public ConsumedEvents consumed() {
        return consumed;
    }

    public Optional<PartitionOwnership> partitions() {
        return Optional.ofNullable(partitions);
    }

    /** Ready once started and the config repository has been fetched at least once. */
    public boolean ready() {
        return started && repo.current().isPresent();
    }

    public Set<Integer> ownedPartitions() {
        return partitions == null ? Set.of() : partitions.ownedPartitions();
    }
}
