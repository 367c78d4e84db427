package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicReplayIT {

    private static final Instant NOW = Instant.now(); // the broker refuses timestamps far in the future
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger caughtUpCalls = new AtomicInteger();

    private void write(String topic, int partition, String value, Instant timestamp) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), value,
                    value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private TopicReplay replay(String topic, TopicReplay.StartAt startAt) {
        return new TopicReplay(kafka, topic, "it-replay-" + topic, startAt,
                r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)), caughtUpCalls::incrementAndGet);
    }

    @Test
    void givenRecordsOlderAndYoungerThanTheWindow_whenReplayedWithin_thenOnlyTheYoungerOnesAreReadAndLaterOnesTailed() {
        broker.createTopics(Map.of("it.replay.window", 2));
        write("it.replay.window", 0, "old", NOW.minus(Duration.ofHours(2)));
        write("it.replay.window", 0, "recent-0", NOW.minus(Duration.ofMinutes(5)));
        write("it.replay.window", 1, "recent-1", NOW.minus(Duration.ofMinutes(1)));

        try (TopicReplay replay = replay("it.replay.window", TopicReplay.StartAt.within(Duration.ofHours(1), CLOCK)).start()) {
            assertThat(replay.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(seen).containsExactlyInAnyOrder("recent-0", "recent-1");

            write("it.replay.window", 1, "later", NOW);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("later"));
            assertThat(caughtUpCalls).hasValue(1);
        }
    }

    @Test
    void givenATopicCreatedOnlyAfterTheReplayStarted_whenReplayedFromTheBeginning_thenItRetriesAndReadsEverything() {
        try (TopicReplay replay = replay("it.replay.late", TopicReplay.StartAt.beginning()).start()) {
            assertThat(replay.caughtUp()).isFalse();

            broker.createTopics(Map.of("it.replay.late", 1));
            write("it.replay.late", 0, "first", NOW.minus(Duration.ofDays(20)));

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(replay::caughtUp);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("first"));
        }
    }

    @Test
    void givenAnEmptyTopic_whenReplayed_thenItIsCaughtUpAtOnce() {
        broker.createTopics(Map.of("it.replay.empty", 1));

        try (TopicReplay replay = replay("it.replay.empty", TopicReplay.StartAt.beginning()).start()) {
            assertThat(replay.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void givenRecordsBeforeAndAfterAnInstant_whenReadToEndSinceIt_thenOnlyTheLaterOnesAreReadAndItReturns() {
        broker.createTopics(Map.of("it.replay.since", 1));
        write("it.replay.since", 0, "before", NOW.minus(Duration.ofMinutes(10)));
        write("it.replay.since", 0, "after", NOW.minus(Duration.ofMinutes(1)));

        TopicReplay.readToEnd(kafka, "it.replay.since", "it-read-to-end",
                TopicReplay.StartAt.since(NOW.minus(Duration.ofMinutes(5))),
                r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)), Duration.ofSeconds(30));

        assertThat(seen).containsExactly("after");
    }

    @Test
    void givenNoBroker_whenReadToEnd_thenItFailsNamingTheTopicOnceTheTimeoutPassed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicReplay.readToEnd(KafkaClientSettings.of("127.0.0.1:1"), "it.replay.none",
                        "it-no-broker", TopicReplay.StartAt.beginning(), r -> { }, Duration.ofMillis(500)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("reading it.replay.none back took longer than PT0.5S");
    }
}
