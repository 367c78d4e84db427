package io.gitops.bumper;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.kit.RecentIds;
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
 * Knows which {@code config.changed} events were published, by reading the topic itself: on start the last
 * {@code lookback} of it (seeking by timestamp), then tailing it, so announcements of every bumper instance are known.
 * Only the {@code ce_id} header is read. The topic is the record; there is no other store.
 */
public final class TopicAnnouncementLedger implements AnnouncementLedger, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicAnnouncementLedger.class);

    private final RecentIds ids;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration lookback;
    private final Clock clock;
    private final Thread thread;
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    public TopicAnnouncementLedger(String bootstrapServers, String topic, Duration lookback, int capacity,
                                   Clock clock) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "config-bumper-announcements");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.ids = new RecentIds(capacity);
        this.topic = topic;
        this.lookback = lookback;
        this.clock = clock;
        this.thread = new Thread(this::run, "config-bumper-announcements");
        this.thread.setDaemon(true);
    }

    public TopicAnnouncementLedger start() {
        thread.start();
        return this;
    }

    @Override
    public boolean contains(String eventId) {
        return ids.contains(eventId);
    }

    @Override
    public void add(String eventId) {
        ids.firstTime(eventId);
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                if (startEnd == null) {
                    assignAndSeek();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = EventCodec.header(record.headers(), CloudEventHeaders.ID);
                    if (id != null) {
                        ids.firstTime(id);
                    }
                }
                if (!caughtUp && reachedStartEnd()) {
                    caughtUp = true;
                    LOG.infof("announcement ledger loaded: %d config.changed ids within %s", ids.size(), lookback);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("announcement ledger cannot read %s yet: %s", topic, e.getMessage());
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
        long from = clock.instant().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        assigned.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(5));
        for (TopicPartition tp : assigned) {
            OffsetAndTimestamp offset = offsets.get(tp);
            consumer.seek(tp, offset == null ? end.get(tp) : offset.offset());
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
