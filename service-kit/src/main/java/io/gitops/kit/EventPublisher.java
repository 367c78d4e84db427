package io.gitops.kit;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes platform events and waits for the broker's acknowledgement ({@code acks=all}, idempotent producer).
 *
 * <p>The producer's own delivery timeout equals the ack bound, so when {@link #publish} reports a failure the
 * producer has given the record up too: nothing is delivered behind the caller's back after it answered "failed".
 *
 * <p>The producer's {@code max.request.size} is the largest record limit declared in {@link Topics}
 * ({@link #maxRequestSize()}), so it never refuses a record a declared topic accepts; a record over a topic's limit is
 * refused by the broker with a {@code RecordTooLargeException} (permanent, see {@link Transience}).
 */
public class EventPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;

    public EventPublisher(Producer<String, byte[]> producer, Duration ackTimeout) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
    }

    /** A publisher with a new producer on {@code kafka}'s connection; {@code extra} overrides any setting. */
    public static EventPublisher create(KafkaClientSettings kafka, String clientId, Duration ackTimeout,
                                        Map<String, Object> extra) {
        return new EventPublisher(new KafkaProducer<>(producerConfig(kafka, clientId, ackTimeout, extra),
                new StringSerializer(), new ByteArraySerializer()), ackTimeout);
    }

    /** The producer's {@code max.request.size}: the largest {@code maxMessageBytes} declared in {@link Topics}. */
    public static int maxRequestSize() {
        return Topics.largestMaxMessageBytes();
    }

    public static Properties producerConfig(KafkaClientSettings kafka, String clientId, Duration ackTimeout,
                                            Map<String, Object> extra) {
        long bound = Math.max(ackTimeout.toMillis(), 1000);
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, bound);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(bound - 100, 500));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) bound);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize());
        // Room for two records of the largest size in flight, so one large record does not make the next one wait.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2L * maxRequestSize()));
        props.putAll(extra);
        return props;
    }

    /** Publishes and waits for the acknowledgement. */
    public RecordMetadata publish(Event<?> event) {
        return publish(EventCodec.toRecord(event));
    }

    /** Publishes a prepared record (e.g. a dead letter) and waits for the acknowledgement. */
    public RecordMetadata publish(ProducerRecord<String, byte[]> record) {
        Future<RecordMetadata> ack;
        try {
            ack = producer.send(record);
        } catch (RuntimeException e) {
            throw new PublishException("broker did not take " + describe(record) + ": " + e.getMessage(), e);
        }
        try {
            // The producer completes the future by its delivery timeout; the margin only covers scheduling.
            return ack.get(ackTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new PublishException("broker did not acknowledge " + describe(record) + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("broker did not acknowledge " + describe(record) + " within "
                    + ackTimeout.toMillis() + " ms", e);
        }
    }

    private static String describe(ProducerRecord<String, byte[]> record) {
        return record.topic() + " key " + record.key();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
