package io.gitops.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gitops.events.Topics.TopicSpec;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * Creates the topics a service declares (idempotently), makes sure each accepts the declared record size, and checks
 * that the broker answers.
 */
public final class TopicAdmin {

    private static final Logger LOG = Logger.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /**
     * Creates missing topics with the declared partitions, retention and record limit ({@code max.message.bytes});
     * then checks every declared topic's limit: one below the declaration (e.g. a topic created earlier with Kafka's
     * default) is raised with {@code incrementalAlterConfigs}. Partitions and retention of existing topics are left
     * alone, and so is a limit above the declaration.
     *
     * @throws TopicLimitException when a limit is too small and could not be raised (e.g. not authorised, or a
     *                             policy refuses it): records the service must send would be refused, so it must not
     *                             start as if they were not. The message names each topic, its limit and the one
     *                             required.
     * @throws IllegalStateException when the broker cannot be reached or does not answer in time
     */
    public static void ensureTopics(KafkaClientSettings kafka, Collection<TopicSpec> topics, short replicationFactor,
                                    Duration timeout) {
        try (Admin admin = admin(kafka, timeout)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec spec : topics) {
                if (existing.contains(spec.name())) {
                    present.add(spec);
                } else {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                                    String.valueOf(spec.retention().toMillis()),
                                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(spec.maxMessageBytes()))));
                }
            }
            if (!missing.isEmpty()) {
                var created = admin.createTopics(missing).values();
                for (TopicSpec spec : topics) {
                    var result = created.get(spec.name());
                    if (result == null) {
                        continue;
                    }
                    try {
                        result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw e;
                        }
                        present.add(spec); // created meanwhile by someone else, maybe with other limits
                    }
                }
            }
            // A topic created here has the declared limit; the others are checked.
            ensureLimits(admin, present, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Raises every declared topic whose {@code max.message.bytes} is below its declaration; see {@link #ensureTopics}. */
    static void ensureLimits(Admin admin, Collection<TopicSpec> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        Map<ConfigResource, TopicSpec> resources = new LinkedHashMap<>();
        for (TopicSpec spec : topics) {
            resources.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), spec);
        }
        Map<ConfigResource, Config> configs = describe(admin, resources.keySet(), timeout);
        Map<ConfigResource, Collection<AlterConfigOp>> raises = new LinkedHashMap<>();
        Map<ConfigResource, Integer> current = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, TopicSpec> e : resources.entrySet()) {
            ConfigEntry entry = configs.get(e.getKey()).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            int limit = entry == null || entry.value() == null ? 0 : Integer.parseInt(entry.value());
            if (limit < e.getValue().maxMessageBytes()) {
                current.put(e.getKey(), limit);
                raises.put(e.getKey(), List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        String.valueOf(e.getValue().maxMessageBytes())), AlterConfigOp.OpType.SET)));
            }
        }
        if (raises.isEmpty()) {
            return;
        }
        Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(raises).values();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<ConfigResource, KafkaFuture<Void>> result : results.entrySet()) {
            TopicSpec spec = resources.get(result.getKey());
            int was = current.get(result.getKey());
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("topic %s accepted records up to %d bytes (max.message.bytes); raised to the declared %d",
                        spec.name(), was, spec.maxMessageBytes());
            } catch (ExecutionException e) {
                refused.add(TopicLimitException.describe(spec, was, e.getCause()));
            }
        }
        if (!refused.isEmpty()) {
            throw new TopicLimitException(refused);
        }
    }

    /** The topics' configs; retried while the broker does not know a topic yet (it learns of new topics shortly). */
    private static Map<ConfigResource, Config> describe(Admin admin, Collection<ConfigResource> resources,
                                                        Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** True when the broker answers a cluster description within {@code timeout}. */
    public static boolean reachable(Admin admin, Duration timeout) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public static Admin admin(KafkaClientSettings kafka, Duration timeout) {
        int millis = (int) Math.max(timeout.toMillis(), 1000);
        Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return Admin.create(config);
    }
}
