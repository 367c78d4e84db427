package io.gitops.build;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code gitops.webhook.received.v1} in order per partition through the shared
 * {@link io.gitops.kit.consume.RecordPipeline}; the offset is committed (throttled) after this returned, i.e. after
 * the pipeline's queued event was acknowledged by the broker or the record was dead-lettered.
 */
@ApplicationScoped
public class WebhookConsumer {

    @Inject
    BuildRuntime runtime;

    @Incoming("webhooks")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        runtime.webhooks().handle(record);
    }
}
