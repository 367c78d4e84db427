package io.gitops.health;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Sharding: when {@code sync.v1} partitions are assigned, the rollouts pending in them (progressing, no verdict) are
 * taken over; when they are revoked, their watches stop and the new owner takes them over.
 */
@ApplicationScoped
@Identifier(SyncRebalanceListener.NAME)
public class SyncRebalanceListener implements KafkaConsumerRebalanceListener {

    static final String NAME = "health-verifier-rebalance";
    private static final Logger LOG = Logger.getLogger(SyncRebalanceListener.class);

    @Inject
    HealthVerifierRuntime runtime;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> assigned = numbers(partitions);
        // never block the polling thread: taking over opens watches and publishes
        CompletableFuture.runAsync(() -> runtime.assigned(assigned::contains))
                .exceptionally(e -> {
                    LOG.warnf("taking over pending rollouts failed: %s", e.getMessage());
                    return null;
                });
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> revoked = numbers(partitions);
        runtime.revoked(revoked::contains);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
