package io.gitops.build;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code gitops.webhook.received.v1} in order per partition through the shared
 * {@link io.gitops.kit.consume.RecordPipeline}, off the connector's thread ({@link io.gitops.kit.consume.ChannelWorker}):
 * the record is acknowledged, and the offset committed (throttled), after the pipeline's queued event was acknowledged
 * by the broker or the record was dead-lettered; a transient failure is retried, never acknowledged meanwhile.
 */
@ApplicationScoped
public class WebhookConsumer {

    @Inject
    BuildRuntime runtime;

    @Incoming("webhooks")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runtime.webhookWorker().submit(message);
    }
}
