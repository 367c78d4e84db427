package io.gitops.sync.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gitops.sync.shard.PartitionOwnership;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One sync-engine instance's consumer, as the service configures it (one group, config.changed + rollout, range
 * assignor), polling on its own thread and feeding a {@link PartitionOwnership} from its rebalance callbacks.
 */
public final class GroupMember implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final PartitionOwnership ownership;
    private final Set<TopicPartition> assignment = new CopyOnWriteArraySet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public GroupMember(String bootstrapServers, String group, List<String> topics, PartitionOwnership ownership) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.ownership = ownership;
        this.thread = new Thread(() -> run(topics), "group-member-" + group);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run(List<String> topics) {
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignment.addAll(partitions);
                ownership.assigned(partitions, consumer.partitionsFor(ownership.topic()).size());
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assignment.removeAll(partitions);
                ownership.revoked(partitions);
            }
        });
        try {
            while (running.get()) {
                consumer.poll(Duration.ofMillis(100));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    public PartitionOwnership ownership() {
        return ownership;
    }

    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
