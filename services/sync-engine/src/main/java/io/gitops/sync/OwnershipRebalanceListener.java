package io.gitops.sync;

import java.util.Collection;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Feeds the partitions of the {@code sync-work} consumer into the engine's ownership. */
@ApplicationScoped
@Identifier(OwnershipRebalanceListener.NAME)
public class OwnershipRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "sync-engine-rebalance";
    private static final Logger LOG = Logger.getLogger(OwnershipRebalanceListener.class);

    @Inject
    SyncRuntime runtime;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runtime.partitions().ifPresent(ownership -> {
            java.util.List<PartitionInfo> infos = consumer.partitionsFor(ownership.topic());
            ownership.assigned(partitions, infos == null ? 0 : infos.size());
            LOG.infof("owning partitions %s of %s", ownership.ownedPartitions(), ownership.topic());
        });
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runtime.partitions().ifPresent(ownership -> ownership.revoked(partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runtime.partitions().ifPresent(ownership -> ownership.revoked(partitions));
    }
}
