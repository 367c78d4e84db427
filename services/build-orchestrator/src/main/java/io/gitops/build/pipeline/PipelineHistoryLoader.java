package io.gitops.build.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code pipeline.v1} from the beginning to its end at start into the {@link PipelineLedger}: the topic is the
 * durable record of every pipeline transition, so it is the pipeline state store too.
 */
public final class PipelineHistoryLoader {

    private static final Logger LOG = Logger.getLogger(PipelineHistoryLoader.class);

    private PipelineHistoryLoader() {
    }

    /** Returns the number of records read; throws when the broker does not answer within {@code timeout}. */
    public static int load(String bootstrapServers, PipelineLedger ledger, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "build-orchestrator-history");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PIPELINE, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.PIPELINE + " back took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    try {
                        ledger.apply(EventCodec.decode(record));
                    } catch (EventDecodingException e) {
                        LOG.warnf("skipping unreadable %s record at %d/%d: %s", Topics.PIPELINE, record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        }
        return read;
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }
}
