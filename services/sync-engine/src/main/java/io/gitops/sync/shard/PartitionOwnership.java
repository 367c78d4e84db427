package io.gitops.sync.shard;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;

/**
 * Ownership by partition: this instance works on the (app, env) whose key {@code app/env} falls in a partition of
 * {@code topic} assigned to it. Fed by a rebalance listener ({@link #assigned}, {@link #revoked}); listeners hear
 * about partitions gained, so the new owner syncs them at once. With several instances in one consumer group every
 * (app, env) has exactly one owner; when one stops, the group rebalances and another takes its partitions.
 */
public final class PartitionOwnership implements Ownership {

    private final String topic;
    private final List<Consumer<Set<Integer>>> onGained = new CopyOnWriteArrayList<>();
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitions;

    /**
     * @param topic      the topic whose partitions define ownership ({@code gitops.config.changed.v1})
     * @param partitions its partition count (updated from the consumer's metadata on assignment)
     */
    public PartitionOwnership(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    public String topic() {
        return topic;
    }

    @Override
    public boolean owns(String app, String env) {
        return owned.contains(KeyPartitioner.partition(KeyPartitioner.key(app, env), partitions));
    }

    public Set<Integer> ownedPartitions() {
        return owned;
    }

    public int partitions() {
        return partitions;
    }

    /** Calls {@code listener} with the partitions gained by each assignment (not on the listener's thread). */
    public void onGained(Consumer<Set<Integer>> listener) {
        onGained.add(listener);
    }

    /** Partitions of any topic were assigned; those of {@link #topic()} become owned. */
    public void assigned(Collection<TopicPartition> assignedPartitions, int partitionCount) {
        if (partitionCount > 0) {
            partitions = partitionCount;
        }
        Set<Integer> gained = new HashSet<>();
        Set<Integer> next = new HashSet<>(owned);
        for (TopicPartition partition : assignedPartitions) {
            if (partition.topic().equals(topic) && next.add(partition.partition())) {
                gained.add(partition.partition());
            }
        }
        owned = Set.copyOf(next);
        if (!gained.isEmpty()) {
            Set<Integer> copy = Set.copyOf(gained);
            onGained.forEach(listener -> listener.accept(copy));
        }
    }

    /** Partitions were revoked or lost. */
    public void revoked(Collection<TopicPartition> revokedPartitions) {
        Set<Integer> next = new HashSet<>(owned);
        for (TopicPartition partition : revokedPartitions) {
            if (partition.topic().equals(topic)) {
                next.remove(partition.partition());
            }
        }
        owned = Set.copyOf(next);
    }
}
