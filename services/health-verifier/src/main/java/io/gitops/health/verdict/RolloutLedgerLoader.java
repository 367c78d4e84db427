package io.gitops.health.verdict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Fills the {@link RolloutLedger} from {@code gitops.rollout.v1}: reads every partition from the beginning (the
 * topic keeps 30 days), then keeps tailing it, so verdicts of other replicas and of earlier runs are known. No
 * consumer group: every replica reads everything.
 */
public final class RolloutLedgerLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RolloutLedgerLoader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final RolloutLedger ledger;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean running = true;

    public RolloutLedgerLoader(String bootstrapServers, String topic, RolloutLedger ledger) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "health-verifier-rollout-ledger");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "health-verifier-rollout-ledger");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once everything the topic held at start has been applied. */
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
                    assign();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!caughtUp() && reachedStartEnd()) {
                    caughtUp.countDown();
                    LOG.infof("rollout ledger loaded: %d app/env(s), %d pending rollout(s)", ledger.size(),
                            ledger.pending().size());
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("rollout ledger cannot read %s yet: %s", topic, e.getMessage());
                    pause();
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            ledger.apply(EventCodec.decode(record), record.partition());
        } catch (EventDecodingException e) {
            LOG.debugf("rollout ledger skips %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        startEnd = consumer.endOffsets(assigned, Duration.ofSeconds(5));
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
