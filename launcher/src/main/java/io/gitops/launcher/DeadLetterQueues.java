package io.gitops.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.gitops.events.Topics;
import io.gitops.kit.DeadLetter;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./gitops dlq}: reads the dead-letter topics from the beginning without a consumer group (the operator may)
 * and replays dead letters to their original topic with the {@value KafkaAcls#DLQ_REPLAY} login (the kit's
 * {@link DeadLetter#replay}: original key, value and headers minus the {@code dead-letter-*} ones). Nothing is
 * removed from a dead-letter topic (Kafka cannot); a replayed event id handled successfully before is skipped by its
 * consumer.
 */
public final class DeadLetterQueues {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClientSettings read;

    /** @param read the login that reads the dead-letter topics */
    public DeadLetterQueues(KafkaClientSettings read) {
        this.read = read;
    }

    /** The dead-letter topic of {@code topic}: itself when it is one, else {@code <topic>.dlq}. */
    public static String deadLetterTopic(String topic) {
        return topic.endsWith(".dlq") ? topic : Topics.deadLetterTopic(topic);
    }

    /** Every dead letter of {@code topic}'s DLQ (every platform DLQ when empty), oldest first. */
    public List<DeadLetter> list(Optional<String> topic) {
        List<String> topics = topic.map(t -> List.of(deadLetterTopic(t)))
                .orElseGet(() -> Topics.ALL.stream().map(t -> t.deadLetter().name()).toList());
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(read),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String name : topics) {
                consumer.partitionsFor(name, TIMEOUT).forEach(p -> partitions.add(new TopicPartition(p.topic(),
                        p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("could not read " + String.join(", ", topics) + " within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(DeadLetter.of(record));
                }
            }
        }
        letters.sort(Comparator.comparing(DeadLetter::time));
        return letters;
    }

    /**
     * Republishes the dead letters of {@code topic}'s DLQ whose {@code ce_id} is {@code eventId} (every one when
     * empty) with the {@code write} login; returns how many. An id that is not there is an error.
     */
    public int replay(String topic, Optional<String> eventId, KafkaClientSettings write) {
        List<DeadLetter> chosen = list(Optional.of(topic)).stream()
                .filter(d -> eventId.isEmpty() || eventId.get().equals(d.eventId())).toList();
        if (chosen.isEmpty() && eventId.isPresent()) {
            throw new StackException("no dead letter with ce_id " + eventId.get() + " in " + deadLetterTopic(topic));
        }
        try (EventPublisher publisher = EventPublisher.create(write, "gitops-dlq-replay", TIMEOUT, Map.of())) {
            chosen.forEach(d -> publisher.publish(d.replay()));
        }
        return chosen.size();
    }

    /** One dead letter as a line: time, ce_id, original topic-partition@offset, consumer, reason. */
    public static String line(DeadLetter d) {
        return String.format("%s  %s  %s-%d@%d  %s  %s", d.time(), d.eventId() == null ? "(no ce_id)" : d.eventId(),
                d.originalTopic(), d.originalPartition(), d.originalOffset(),
                d.consumer() == null ? "?" : d.consumer(), d.reason() == null ? "(no reason)" : d.reason());
    }

    /** The events tail's consumer (no group, no commits) under its own client id. */
    static Properties consumerProperties(KafkaClientSettings kafka) {
        Properties props = EventTail.consumerProperties(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gitops-dlq");
        return props;
    }
}
