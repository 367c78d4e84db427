package io.gitops.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTestBrokerIT {

    private final KafkaTestBroker broker = KafkaTestBroker.shared();

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void givenTheSharedBroker_whenARecordIsProducedWithAcksAll_thenAConsumerReadsItBack() throws Exception {
        broker.createTopic("it.roundtrip", 3);

        try (var producer = producer()) {
            producer.send(new ProducerRecord<>("it.roundtrip", "k", "v".getBytes())).get(5, TimeUnit.SECONDS);
        }

        var records = broker.readUntil(List.of("it.roundtrip"), r -> !r.isEmpty(), Duration.ofSeconds(10));
        assertThat(records).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("k"));
    }

    @Test
    void givenTopicsCreatedTwice_whenListed_thenEachExistsOnceWithoutError() {
        broker.createTopics(Map.of("it.twice", 2));

        broker.createTopics(Map.of("it.twice", 2));

        assertThat(broker.topicNames()).contains("it.twice");
    }

    @Test
    void givenTheBrokerIsStopped_whenProducing_thenSendFailsAndSucceedsAfterRestart() throws Exception {
        broker.createTopic("it.outage", 1);
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>("it.outage", "before", new byte[0])).get(5, TimeUnit.SECONDS);
            broker.stopBroker();

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("it.outage", "during", new byte[0]))
                    .get(5, TimeUnit.SECONDS)).isNotNull();

            broker.startBroker();
            producer.send(new ProducerRecord<>("it.outage", "after", new byte[0])).get(10, TimeUnit.SECONDS);
        }
        var keys = broker.readAll("it.outage", Duration.ofSeconds(1)).stream().map(r -> r.key()).toList();
        assertThat(keys).containsExactly("before", "after");
    }

    @Test
    void givenATopicSpec_whenParsed_thenPartitionsDefaultToOne() {
        assertThat(KafkaTestResource.parseTopics("a:3, b ,,c:1")).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 3, "b", 1, "c", 1));
    }

    @Test
    void givenTheResource_whenStarted_thenItPointsQuarkusAtTheSharedBrokerAndCreatesTopics() {
        var resource = new KafkaTestResource();
        resource.init(Map.of("topics", "it.resource:2"));

        Map<String, String> config = resource.start();

        assertThat(config).containsEntry("kafka.bootstrap.servers", broker.bootstrapServers());
        assertThat(broker.topicNames()).contains("it.resource");
        resource.stop();
    }
}
