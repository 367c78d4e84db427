package io.gitops.sync.shard;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a record key under Kafka's default partitioner ({@code murmur2} of the key bytes, made positive,
 * modulo the partition count): the partition that holds every event of an {@code app/env}.
 */
public final class KeyPartitioner {

    private KeyPartitioner() {
    }

    public static int partition(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static String key(String app, String env) {
        return app + "/" + env;
    }
}
