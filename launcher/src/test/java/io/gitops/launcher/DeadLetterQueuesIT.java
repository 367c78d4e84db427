package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.kit.DeadLetter;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.PublishException;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./gitops dlq list} and {@code replay} against the in-JVM broker secured as {@code ./gitops up} runs it: the
 * operator lists dead letters, the {@value KafkaAcls#DLQ_REPLAY} principal replays them to their original topic.
 */
class DeadLetterQueuesIT {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static SecuredBroker secured;
    private static KafkaTestBroker broker;

    @BeforeAll
    static void start() {
        secured = new SecuredBroker();
        broker = secured.broker();
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    private static KafkaClientSettings login(String principal) {
        return KafkaSecurity.login(broker.bootstrapServers(), principal, secured.password(principal));
    }

    /** A rollout verdict the sync engine dead-lettered, written as the kit writes it (as the sync engine). */
    private static Event<RolloutHealthy> deadLetter(String id, String reason) {
        Event<RolloutHealthy> event = Event.of(new RolloutHealthy("shop", "staging", "shop-staging", SHA,
                List.of("shop:" + SHA), SHA, SHA, 10, null, Instant.now())).id(id).source("health-verifier")
                .correlationId(SHA).build();
        ProducerRecord<String, byte[]> produced = EventCodec.toRecord(event);
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(produced.topic(), 3, 41, 0L,
                TimestampType.CREATE_TIME, 0, 0, produced.key(), produced.value(), produced.headers(),
                Optional.empty());
        try (EventPublisher publisher = EventPublisher.create(login("sync-engine"), "it-sync-engine",
                Duration.ofSeconds(10), Map.of())) {
            new DeadLetters(publisher, "sync-engine").send(consumed, reason);
        }
        return event;
    }

    @Test
    void givenADeadLetter_whenTheOperatorListsTheTopic_thenItShowsReasonConsumerOriginAndEventId() {
        String id = "list-" + System.nanoTime();
        deadLetter(id, "names no revision");

        List<DeadLetter> letters = new DeadLetterQueues(login(KafkaAcls.OPERATOR)).list(Optional.of(Topics.ROLLOUT));

        assertThat(letters).filteredOn(d -> id.equals(d.eventId())).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("names no revision");
            assertThat(d.consumer()).isEqualTo("sync-engine");
            assertThat(d.originalTopic()).isEqualTo(Topics.ROLLOUT);
            assertThat(d.originalPartition()).isEqualTo(3);
            assertThat(d.originalOffset()).isEqualTo(41);
            assertThat(DeadLetterQueues.line(d)).contains(id, Topics.ROLLOUT + "-3@41", "sync-engine",
                    "names no revision");
        });
    }

    @Test
    void givenDeadLetters_whenTheReplayerReplaysOneById_thenOnlyItIsBackOnTheOriginalTopicWithoutDeadLetterHeaders() {
        String id = "replay-" + System.nanoTime();
        Event<RolloutHealthy> original = deadLetter(id, "refused by policy");
        deadLetter("other-" + System.nanoTime(), "refused by policy");

        int replayed = new DeadLetterQueues(login(KafkaAcls.OPERATOR)).replay(Topics.ROLLOUT, Optional.of(id),
                login(KafkaAcls.DLQ_REPLAY));

        assertThat(replayed).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> back = broker.readAll(Topics.ROLLOUT, Duration.ofSeconds(2)).stream()
                .filter(r -> r.headers().lastHeader("ce_id") != null && id.equals(
                        new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))).toList();
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(EventCodec.toRecord(original).key());
            assertThat(r.value()).isEqualTo(EventCodec.toRecord(original).value());
            assertThat(r.headers()).extracting(Header::key).noneMatch(k -> k.startsWith("dead-letter-"));
            assertThat(EventCodec.decode(r).id()).isEqualTo(id);
        });
    }

    @Test
    void givenAnIdThatIsNotDeadLettered_whenReplayed_thenItSaysSoAndPublishesNothing() {
        assertThatThrownBy(() -> new DeadLetterQueues(login(KafkaAcls.OPERATOR)).replay(Topics.SYNC,
                Optional.of("nope"), login(KafkaAcls.DLQ_REPLAY)))
                .isInstanceOf(StackException.class).hasMessageContaining("no dead letter with ce_id nope in "
                        + Topics.SYNC + ".dlq");
    }

    @Test
    void givenTheOperatorsLogin_whenItTriesToReplay_thenTheBrokerRefusesTheWrite() {
        String id = "operator-" + System.nanoTime();
        deadLetter(id, "refused by policy");

        assertThatThrownBy(() -> new DeadLetterQueues(login(KafkaAcls.OPERATOR)).replay(Topics.ROLLOUT + ".dlq",
                Optional.of(id), login(KafkaAcls.OPERATOR))).isInstanceOf(PublishException.class);
    }
}
