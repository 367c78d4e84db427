package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.gitops.events.Topics;
import io.gitops.events.data.SyncTrigger;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.shard.PartitionOwnership;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.GroupMember;
import io.gitops.sync.testing.RecordingSink;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.WithSandbox;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances in one consumer group against the in-JVM broker share the apps; one stops, the other takes over. */
@WithKafka
@WithSandbox(simulate = false)
@WithGitServer
class ShardingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TOPICS = List.of(Topics.CONFIG_CHANGED, Topics.ROLLOUT);
    private static final List<String> APPS = IntStream.rangeClosed(1, 8).mapToObj(i -> "app" + i).toList();

    @Provided
    static KafkaTestBroker broker;
    @Provided
    static SandboxCluster sandbox;
    @Provided
    static LocalGitServer git;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createTopics() {
        broker.createTopics(Map.of(Topics.CONFIG_CHANGED, 6, Topics.ROLLOUT, 6));
    }

    private static GroupMember member(String group) {
        return new GroupMember(broker.bootstrapServers(), group, TOPICS, new PartitionOwnership(Topics.CONFIG_CHANGED, 1));
    }

    private static boolean split(GroupMember a, GroupMember b) {
        Set<Integer> union = new HashSet<>(a.ownership().ownedPartitions());
        union.addAll(b.ownership().ownedPartitions());
        return union.size() == 6 && !a.ownership().ownedPartitions().isEmpty()
                && !b.ownership().ownedPartitions().isEmpty()
                && a.ownership().ownedPartitions().size() + b.ownership().ownedPartitions().size() == 6;
    }

    @Test
    void givenTwoInstancesInOneGroup_whenBothJoined_thenEveryAppHasExactlyOneOwnerWhoAlsoGetsItsRolloutPartition() {
        String group = "sync-engine-" + UUID.randomUUID();
        try (GroupMember a = member(group); GroupMember b = member(group)) {

            await().atMost(WAIT).until(() -> split(a, b));

            for (String app : APPS) {
                assertThat(a.ownership().owns(app, "prod") ^ b.ownership().owns(app, "prod"))
                        .as("exactly one owner of %s/prod", app).isTrue();
            }
            for (GroupMember member : List.of(a, b)) {
                Set<Integer> config = partitionsOf(member, Topics.CONFIG_CHANGED);
                assertThat(partitionsOf(member, Topics.ROLLOUT)).isEqualTo(config);
            }
        }
    }

    private static Set<Integer> partitionsOf(GroupMember member, String topic) {
        return member.assignment().stream().filter(p -> p.topic().equals(topic)).map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }

    @Test
    void givenTwoInstancesSharingTheApps_whenOneStops_thenTheOtherOwnsAndSyncsWhatItTookOver() {
        ConfigRepoFixture repo = ConfigRepoFixture.create(git, "shared");
        APPS.forEach(app -> repo.addApp(app, "prod", SyncEngineIT.TAG_1, true, true));
        String group = "sync-engine-" + UUID.randomUUID();
        GroupMember b = member(group);
        try (GroupMember a = member(group);
             SyncEngine engineA = Engines.engine(sandbox.client(), repo.url(), workDir.resolve("a"),
                     SyncSettings.defaults(ConfigRepoFixture.FULL_NAME), a.ownership(), new RecordingSink());
             SyncEngine engineB = Engines.engine(sandbox.client(), repo.url(), workDir.resolve("b"),
                     SyncSettings.defaults(ConfigRepoFixture.FULL_NAME), b.ownership(), new RecordingSink())) {
            await().atMost(WAIT).until(() -> split(a, b));
            Set<String> appliedByA = applied(engineA.syncAll(SyncTrigger.STARTUP, null));
            Set<String> appliedByB = applied(engineB.syncAll(SyncTrigger.STARTUP, null));
            assertThat(appliedByA).doesNotContainAnyElementsOf(appliedByB);
            assertThat(union(appliedByA, appliedByB)).containsExactlyInAnyOrderElementsOf(APPS);

            b.close();

            await().atMost(WAIT).until(() -> a.ownership().ownedPartitions().size() == 6);
            List<SyncOutcome> takeover = engineA.syncWhere((app, env) -> appliedByB.contains(app),
                    SyncTrigger.STARTUP, null);
            assertThat(takeover).hasSize(appliedByB.size()).allMatch(o -> o instanceof SyncOutcome.Unchanged);
            assertThat(engineA.history(appliedByB.iterator().next(), "prod").entries()).hasSize(1);
        } finally {
            b.close();
        }
    }

    private static Set<String> applied(List<SyncOutcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof SyncOutcome.Applied).map(SyncOutcome::app)
                .collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
