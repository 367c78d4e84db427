package io.gitops.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the topics a service declares (idempotently) and checks that the broker answers. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** Creates missing topics with the declared partitions and retention; existing topics are left alone. */
    public static void ensureTopics(KafkaClientSettings kafka, Collection<TopicSpec> topics, short replicationFactor,
                                    Duration timeout) {
        try (Admin admin = admin(kafka, timeout)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : topics) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                                    String.valueOf(spec.retention().toMillis()))));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
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
