package io.gitops.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.PublishException;
import io.gitops.kit.Transience;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes webhook events without blocking the HTTP event loop: the producer call runs on a small pool (it can
 * block while the broker is away), and the future completes when the broker acknowledged ({@code acks=all},
 * idempotent) or failed. The producer's delivery timeout is the ack timeout, so a failed future means the record
 * was given up, never delivered later behind a 503. The producer starts from the service's
 * {@link KafkaClientSettings}, so the broker's security settings apply to it.
 */
public final class WebhookPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final ExecutorService sender = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "ingest-publisher");
        thread.setDaemon(true);
        return thread;
    });

    /** Client id of the producer (the service lifecycle's own publisher is {@code ingest}). */
    static final String CLIENT_ID = "ingest-webhooks";

    public WebhookPublisher(KafkaClientSettings kafka, Duration ackTimeout) {
        this.producer = new KafkaProducer<>(EventPublisher.producerConfig(kafka, CLIENT_ID, ackTimeout, Map.of()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * True when the producer or the broker refused the record for its size ({@code RecordTooLargeException}, which
     * {@link Transience} classifies as permanent): a redelivery of the same body would be refused again.
     */
    static boolean refusedForSize(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return !Transience.isTransient(t);
            }
        }
        return false;
    }

    public CompletableFuture<RecordMetadata> publish(Event<?> event) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                try {
                    producer.send(EventCodec.toRecord(event), (metadata, error) -> {
                        if (error == null) {
                            result.complete(metadata);
                        } else {
                            result.completeExceptionally(new PublishException(
                                    "broker did not acknowledge: " + error.getMessage(), error));
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(new PublishException("broker did not take the event: "
                            + e.getMessage(), e));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(new PublishException("publisher is shut down", e));
        }
        return result;
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
