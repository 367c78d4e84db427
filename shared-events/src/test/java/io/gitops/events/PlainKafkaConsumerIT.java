package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gitops.events.kafka.EventDeserializer;
import io.gitops.events.kafka.EventSerializer;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What docs/events.md tells consumer teams to do, run against a real broker. */
class PlainKafkaConsumerIT {

    @Test
    void givenEventsProducedWithTheSerializer_whenAPlainKafkaConsumerReadsThem_thenTheyDecodeInKeyOrder() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        broker.createTopic(Topics.CONFIG_CHANGED, 3);
        try (var producer = new KafkaProducer<String, Event<?>>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new EventSerializer())) {
            for (int i = 0; i < 3; i++) {
                Event<?> event = Event.of(EventCodecTest.configChanged()).idFrom("n", String.valueOf(i))
                        .source("config-bumper").build();
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event)).get(10, TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<String, Event<?>>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, Event<?>>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "another-team",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new EventDeserializer())) {
            consumer.subscribe(List.of(Topics.CONFIG_CHANGED));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }

        assertThat(read).hasSize(3);
        assertThat(read).extracting(r -> r.value().id())
                .containsExactly(EventIds.stable("n", "0"), EventIds.stable("n", "1"), EventIds.stable("n", "2"));
        assertThat(read).extracting(ConsumerRecord::partition).containsOnly(read.get(0).partition());
    }
}
