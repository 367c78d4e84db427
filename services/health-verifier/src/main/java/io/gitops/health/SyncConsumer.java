package io.gitops.health;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code gitops.sync.v1} in order per partition through the verifier's record pipeline, off the connector's
 * thread ({@link io.gitops.kit.consume.ChannelWorker}): the record is acknowledged, and the offset committed
 * (throttled), after the watch started and its progressing event was acknowledged, or the record was dead-lettered; a
 * transient failure is retried, never acknowledged meanwhile.
 */
@ApplicationScoped
public class SyncConsumer {

    @Inject
    HealthVerifierRuntime runtime;

    @Incoming("sync")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runtime.worker().submit(message);
    }
}
