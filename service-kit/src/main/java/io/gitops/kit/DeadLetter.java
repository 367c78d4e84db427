package io.gitops.kit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.gitops.events.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record read back from a {@code <topic>.dlq}: what {@link DeadLetters} wrote (reason, consumer, where it came
 * from) and how to replay it ({@link #replay}: to the original topic, same key, value and headers minus the
 * {@code dead-letter-*} ones; consumers dedupe by {@code ce_id}).
 *
 * @param record the dead-letter record itself (its topic, partition, offset and timestamp)
 * @param eventId the {@code ce_id} header (null when the record was not a CloudEvent)
 * @param originalPartition -1 when the header is missing or unreadable
 * @param originalOffset    -1 when the header is missing or unreadable
 */
public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason, String consumer, String originalTopic,
                         int originalPartition, long originalOffset, String eventId) {

    /** Reads the headers {@link DeadLetters#toDeadLetter} writes; missing ones are null (or -1). */
    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        return new DeadLetter(record, header(record, CloudEventHeaders.DLQ_REASON),
                header(record, CloudEventHeaders.DLQ_CONSUMER), header(record, CloudEventHeaders.DLQ_ORIGINAL_TOPIC),
                (int) number(header(record, CloudEventHeaders.DLQ_ORIGINAL_PARTITION)),
                number(header(record, CloudEventHeaders.DLQ_ORIGINAL_OFFSET)), header(record, CloudEventHeaders.ID));
    }

    /** When it was dead-lettered (the record's timestamp). */
    public Instant time() {
        return Instant.ofEpochMilli(record.timestamp());
    }

    /**
     * The record to publish again: to the original topic (the DLQ's name without {@code .dlq} when the header is
     * missing), the original key, value and headers without the {@code dead-letter-*} ones.
     */
    public ProducerRecord<String, byte[]> replay() {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DeadLetters.HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        String topic = originalTopic != null ? originalTopic
                : record.topic().substring(0, record.topic().length() - ".dlq".length());
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
