package io.gitops.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gitops.kit.TopicAdmin;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Whether two topics have different numbers of partitions. When they have the same, one key lands in the same
 * partition number on both, and owning a {@code sync.v1} partition means owning the matching {@code rollout.v1} one.
 */
final class PartitionCounts {

    private PartitionCounts() {
    }

    /** True when both topics were described and their partition counts differ; a broker that does not answer: false. */
    static boolean differ(KafkaClientSettings kafka, String a, String b, Duration timeout) {
        try (Admin admin = TopicAdmin.admin(kafka, timeout)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(a, b)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return topics.get(a).partitions().size() != topics.get(b).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
