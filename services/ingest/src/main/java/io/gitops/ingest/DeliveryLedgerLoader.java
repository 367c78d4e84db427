package io.gitops.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
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
 * Fills the {@link DeliveryLedger} from the webhook topic: on start it reads the last dedupe window of the topic
 * (seeking by timestamp), then keeps tailing it so deliveries accepted by other replicas are known too. Only the
 * {@code ce_deliveryid} header is read; the payloads are not parsed.
 */
public final class DeliveryLedgerLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryLedgerLoader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final Thread thread;
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    public DeliveryLedgerLoader(String bootstrapServers, String topic, DeliveryLedger ledger, Clock clock) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-delivery-ledger");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.ledger = ledger;
        this.clock = clock;
        this.thread = new Thread(this::run, "ingest-delivery-ledger");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once everything that was in the topic's window at start has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                if (startEnd == null) {
                    assignAndSeek();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String deliveryId = EventCodec.header(record.headers(), CloudEventHeaders.DELIVERY_ID);
                    if (deliveryId != null) {
                        ledger.remember(deliveryId, Instant.ofEpochMilli(record.timestamp()));
                    }
                }
                if (!caughtUp && reachedStartEnd()) {
                    caughtUp = true;
                    LOG.infof("delivery ledger loaded: %d delivery ids within %s", ledger.size(), ledger.window());
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("delivery ledger cannot read %s yet: %s", topic, e.getMessage());
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
        long from = clock.instant().minus(ledger.window()).toEpochMilli();
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
        consumer.close(Duration.ofSeconds(2));
    }
}
