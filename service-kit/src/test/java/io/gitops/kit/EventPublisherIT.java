package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventPublisherIT {

    private final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());

    private static Event<SyncStarted> event(String id) {
        return Event.of(new SyncStarted("shop", "staging", "ns", "rev", SyncTrigger.POLL, Instant.now()))
                .id(id).source("sync-engine").build();
    }

    @Test
    void givenDeclaredTopics_whenEnsuredTwiceAndPublished_thenTheEventIsAcknowledgedAndReadable() {
        TopicAdmin.ensureTopics(kafka, List.of(Topics.spec(Topics.SYNC).orElseThrow()),
                (short) 1, Duration.ofSeconds(10));
        TopicAdmin.ensureTopics(kafka, Topics.ALL, (short) 1, Duration.ofSeconds(10));

        try (EventPublisher publisher = EventPublisher.create(kafka, "it", Duration.ofSeconds(5), Map.of())) {
            var metadata = publisher.publish(event("p1"));
            assertThat(metadata.topic()).isEqualTo(Topics.SYNC);
        }

        var read = broker.readUntil(List.of(Topics.SYNC), r -> r.stream().anyMatch(x -> x.key().equals("shop/staging")),
                Duration.ofSeconds(10));
        assertThat(read).extracting(r -> EventCodec.decode(r).id()).contains("p1");
        try (var admin = TopicAdmin.admin(kafka, Duration.ofSeconds(5))) {
            assertThat(TopicAdmin.reachable(admin, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void givenAnUndecodableRecord_whenDeadLettered_thenItKeepsItsBytesAndCarriesTheReasonAndOrigin() {
        broker.createTopics(Map.of("it.input", 1, "it.input.dlq", 1));
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "x".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.DLQ_REASON, "stale".getBytes(StandardCharsets.UTF_8));
        var input = new ConsumerRecord<>("it.input", 0, 42L, 0L, TimestampType.CREATE_TIME, 0, 0, "k",
                "garbage".getBytes(StandardCharsets.UTF_8), headers, java.util.Optional.empty());

        try (EventPublisher publisher = EventPublisher.create(kafka, "it", Duration.ofSeconds(5), Map.of())) {
            new DeadLetters(publisher, "it-consumer").send(input, "missing CloudEvents header ce_type");
        }

        var dead = broker.readUntil(List.of("it.input.dlq"), r -> !r.isEmpty(), Duration.ofSeconds(10)).get(0);
        assertThat(dead.key()).isEqualTo("k");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
        assertThat(EventCodec.header(dead.headers(), "dead-letter-reason")).isEqualTo("missing CloudEvents header ce_type");
        assertThat(dead.headers().headers("dead-letter-reason")).hasSize(1);
        assertThat(EventCodec.header(dead.headers(), "dead-letter-consumer")).isEqualTo("it-consumer");
        assertThat(EventCodec.header(dead.headers(), "dead-letter-topic")).isEqualTo("it.input");
        assertThat(EventCodec.header(dead.headers(), "dead-letter-offset")).isEqualTo("42");
        assertThat(EventCodec.header(dead.headers(), "ce_id")).isEqualTo("x");
    }

    @Test
    void givenTheTopicDeclarations_whenAProducerIsConfigured_thenItsMaxRequestSizeIsTheLargestDeclaredLimit() {
        var props = EventPublisher.producerConfig(kafka, "it", Duration.ofSeconds(5), Map.of());

        assertThat(props.get("max.request.size")).isEqualTo(Topics.largestMaxMessageBytes());
        assertThat(EventPublisher.maxRequestSize())
                .isEqualTo(Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow().deadLetter().maxMessageBytes());
        assertThat((Long) props.get("buffer.memory")).isGreaterThanOrEqualTo(2L * EventPublisher.maxRequestSize());
    }

    @Test
    void givenARecordOverItsTopicsLimit_whenPublished_thenTheBrokerRefusesItAsPermanentNotTransient() {
        TopicAdmin.ensureTopics(kafka, List.of(new Topics.TopicSpec("it.small", "k", 1, Duration.ofDays(1), 64 * 1024)),
                (short) 1, Duration.ofSeconds(10));
        byte[] value = new byte[200 * 1024];
        new java.util.Random(7).nextBytes(value);

        try (EventPublisher publisher = EventPublisher.create(kafka, "it", Duration.ofSeconds(5), Map.of())) {
            assertThatThrownBy(() -> publisher.publish(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    "it.small", "k", value)))
                    .isInstanceOf(PublishException.class)
                    .satisfies(e -> assertThat(e.getCause())
                            .isInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class))
                    .satisfies(e -> assertThat(Transience.isTransient(e.getCause())).isFalse());
        }
    }

    @Test
    void givenAnUnreachableBroker_whenPublishing_thenItFailsWithinTheBound() {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of("127.0.0.1:1"), "it", Duration.ofMillis(1000), Map.of())) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> publisher.publish(event("p2"))).isInstanceOf(PublishException.class)
                    .hasMessageContaining("gitops.sync.v1");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        try (var admin = TopicAdmin.admin(KafkaClientSettings.of("127.0.0.1:1"), Duration.ofMillis(1000))) {
            assertThat(TopicAdmin.reachable(admin, Duration.ofMillis(1000))).isFalse();
        }
        assertThatThrownBy(() -> TopicAdmin.ensureTopics(KafkaClientSettings.of("127.0.0.1:1"), Topics.ALL, (short) 1, Duration.ofMillis(1000)))
                .isInstanceOf(IllegalStateException.class);
    }
}
