package io.gitops.kit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads a topic back into a service's memory, then keeps tailing it: every partition is assigned (no consumer group,
 * every replica reads everything), read from where {@link StartAt} says, and handed record by record to a sink on one
 * thread of its own. {@link #caughtUp()} turns true once everything the topic held at start has been handed over.
 * This is how services rebuild what they know (delivery ids, announcements, verdicts) from the durable event stream
 * instead of a store of their own. A topic that does not exist yet, or a broker that is away, is retried every second.
 */
public final class TopicReplay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReplay.class);

    /** Where reading starts. */
    public sealed interface StartAt permits StartAt.Beginning, StartAt.Within, StartAt.Since {

        /** The whole topic (as far as its retention keeps it). */
        static StartAt beginning() {
            return new Beginning();
        }

        /** Only records written within {@code window} before now (seeking by timestamp). */
        static StartAt within(Duration window, Clock clock) {
            return new Within(window, clock);
        }

        /** Only records written at or after {@code instant} (seeking by timestamp). */
        static StartAt since(Instant instant) {
            return new Since(instant);
        }

        record Beginning() implements StartAt {
        }

        record Within(Duration window, Clock clock) implements StartAt {
        }

        record Since(Instant instant) implements StartAt {
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final StartAt startAt;
    private final Consumer<ConsumerRecord<String, byte[]>> sink;
    private final Runnable onCaughtUp;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean running = true;

    /**
     * @param name       client id and thread name (also in the log lines)
     * @param sink       gets every record, in partition order, on the replay's thread; must not throw
     * @param onCaughtUp runs once on the replay's thread when everything present at start has been read
     */
    public TopicReplay(KafkaClientSettings kafka, String topic, String name, StartAt startAt,
                       Consumer<ConsumerRecord<String, byte[]>> sink, Runnable onCaughtUp) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.startAt = startAt;
        this.sink = sink;
        this.onCaughtUp = onCaughtUp;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Reads what the topic holds now, from {@code startAt} to its end, then stops: for a service that rebuilds its
     * state once at start. Throws when that takes longer than {@code timeout} (a broker that does not answer).
     */
    public static void readToEnd(KafkaClientSettings kafka, String topic, String name, StartAt startAt,
                                 Consumer<ConsumerRecord<String, byte[]>> sink, Duration timeout) {
        try (TopicReplay replay = new TopicReplay(kafka, topic, name, startAt, sink, () -> { }).start()) {
            if (!replay.awaitCaughtUp(timeout)) {
                throw new IllegalStateException("reading " + topic + " back took longer than " + timeout);
            }
        }
    }

    public TopicReplay start() {
        thread.start();
        return this;
    }

    /** True once everything the topic held at start has been handed to the sink. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until {@link #caughtUp()}; false when {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        while (running) {
            try {
                if (startEnd == null) {
                    assignAndSeek();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(record);
                }
                if (!caughtUp() && reachedStartEnd()) {
                    caughtUp.countDown();
                    onCaughtUp.run();
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("%s cannot read %s yet: %s", thread.getName(), topic, e.getMessage());
                    pause();
                }
            }
        }
    }

    private void assignAndSeek() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(5));
        Instant since = startAt instanceof StartAt.Within within ? within.clock().instant().minus(within.window())
                : startAt instanceof StartAt.Since at ? at.instant() : null;
        if (since != null) {
            long from = since.toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            assigned.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
            for (TopicPartition tp : assigned) {
                OffsetAndTimestamp offset = offsets.get(tp);
                consumer.seek(tp, offset == null ? end.get(tp) : offset.offset());
            }
        } else {
            consumer.seekToBeginning(assigned);
        }
        startEnd = end;
    }

    private boolean reachedStartEnd() {
        for (Map.Entry<TopicPartition, Long> entry : startEnd.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
