package io.gitops.sync.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOwnershipTest {

    @Test
    void givenAppEnvKeys_whenPartitioned_thenTheyLandWhereKafkasDefaultPartitionerPutsThem() {
        List<String> keys = List.of("shop/staging", "cart/prod", "a/b", "payments-api/eu-west-1", "x");

        for (String key : keys) {
            int ours = KeyPartitioner.partition(key, 6);

            assertThat(ours).isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 6));
        }
    }

    @Test
    void givenAnAssignment_whenPartitionsOfTheTopicAreAssigned_thenTheirAppsAreOwnedAndListenersHear() {
        PartitionOwnership ownership = new PartitionOwnership("config", 6);
        List<Set<Integer>> gained = new ArrayList<>();
        ownership.onGained(gained::add);
        int shop = KeyPartitioner.partition("shop/staging", 6);

        ownership.assigned(List.of(new TopicPartition("config", shop), new TopicPartition("rollout", shop + 1)), 6);

        assertThat(ownership.owns("shop", "staging")).isTrue();
        assertThat(ownership.ownedPartitions()).containsExactly(shop);
        assertThat(gained).containsExactly(Set.of(shop));
    }

    @Test
    void givenOwnedPartitions_whenRevoked_thenTheirAppsAreNoLongerOwned() {
        PartitionOwnership ownership = new PartitionOwnership("config", 6);
        int shop = KeyPartitioner.partition("shop/staging", 6);
        ownership.assigned(List.of(new TopicPartition("config", shop)), 6);

        ownership.revoked(List.of(new TopicPartition("config", shop)));

        assertThat(ownership.owns("shop", "staging")).isFalse();
        assertThat(Ownership.ALL.owns("shop", "staging")).isTrue();
    }
}
