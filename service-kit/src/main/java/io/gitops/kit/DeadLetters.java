package io.gitops.kit;

import java.nio.charset.StandardCharsets;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends a record that can never be processed to {@code <topic>.dlq}: same key, value and headers, plus the reason,
 * the consumer that gave up and where the record came from. Nothing is lost and the partition moves on.
 */
public final class DeadLetters {

    /** The prefix of the headers a dead letter carries besides the original ones ({@link DeadLetter} reads them). */
    public static final String HEADER_PREFIX = "dead-letter-";

    private final EventPublisher publisher;
    private final String consumer;

    public DeadLetters(EventPublisher publisher, String consumer) {
        this.publisher = publisher;
        this.consumer = consumer;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        publisher.publish(toDeadLetter(record, reason, consumer));
    }

    public static ProducerRecord<String, byte[]> toDeadLetter(ConsumerRecord<String, byte[]> record, String reason,
                                                              String consumer) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        add(headers, CloudEventHeaders.DLQ_REASON, reason == null ? "unknown" : reason);
        add(headers, CloudEventHeaders.DLQ_CONSUMER, consumer);
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_TOPIC, record.topic());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_PARTITION, String.valueOf(record.partition()));
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_OFFSET, String.valueOf(record.offset()));
        return new ProducerRecord<>(Topics.deadLetterTopic(record.topic()), null, record.key(), record.value(), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
