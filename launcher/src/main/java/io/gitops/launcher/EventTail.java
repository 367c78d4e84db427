package io.gitops.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every event of every platform topic, from the beginning, without a consumer group; its consumer starts from
 * the {@link KafkaClientSettings} of the stack (see {@link LauncherKafkaSettings}).
 */
public final class EventTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> endAtStart;

    public EventTail(KafkaClientSettings kafka) {
        consumer = new KafkaConsumer<>(consumerProperties(kafka), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topics.TopicSpec topic : Topics.ALL) {
            consumer.partitionsFor(topic.name(), Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(10));
    }

    /** The tail's consumer: the connection of {@code kafka}, no group, no commits. */
    static Properties consumerProperties(KafkaClientSettings kafka) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gitops-events");
        return props;
    }

    /** Everything published so far, ordered by event time. */
    public List<Event<?>> readExisting() {
        List<Event<?>> events = new ArrayList<>();
        while (!caughtUp()) {
            poll(events::add);
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    private boolean caughtUp() {
        return endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Polls once and hands every decodable event to {@code sink}. */
    public void poll(Consumer<Event<?>> sink) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                sink.accept(EventCodec.decode(record));
            } catch (EventDecodingException e) {
                // Not a platform event (or from a newer release): the tail shows only what it can read.
            }
        }
    }

    /** Polls until {@code until} holds for some event, handing each to {@code sink}; returns that event. */
    public Event<?> await(Predicate<Event<?>> until, Consumer<Event<?>> sink, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event<?>> match = new ArrayList<>();
        while (match.isEmpty() && System.nanoTime() < deadline) {
            poll(event -> {
                sink.accept(event);
                if (match.isEmpty() && until.test(event)) {
                    match.add(event);
                }
            });
        }
        if (match.isEmpty()) {
            throw new StackException("timed out after " + timeout.toSeconds() + " s waiting for the next step");
        }
        return match.get(0);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
