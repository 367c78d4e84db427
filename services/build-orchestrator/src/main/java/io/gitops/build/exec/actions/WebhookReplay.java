package io.gitops.build.exec.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.events.data.WebhookReceived;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * On start, reads {@code webhook.received} back from {@code since} to its end and records the check and workflow
 * runs in {@link ActionsReports}: a pipeline resumed after a restart still finds what GitHub reported before it.
 */
public final class WebhookReplay {

    private WebhookReplay() {
    }

    public static int load(String bootstrapServers, Instant since, ActionsReports reports, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "build-orchestrator-actions-replay");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + timeout.toNanos();
        int recorded = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOK_RECEIVED, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = from.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.WEBHOOK_RECEIVED + " back took longer than "
                            + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (EventCodec.decode(record).data() instanceof WebhookReceived webhook
                                && reports.record(webhook)) {
                            recorded++;
                        }
                    } catch (EventDecodingException e) {
                        // the consumer dead-letters it; nothing to remember here
                    }
                }
            }
        }
        return recorded;
    }
}
