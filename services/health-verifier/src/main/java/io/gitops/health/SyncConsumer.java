package io.gitops.health;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code gitops.sync.v1} in order per partition through the verifier's record pipeline; the offset is
 * committed (throttled) after this returned, i.e. after the watch started and its progressing event was
 * acknowledged, or the record was dead-lettered.
 */
@ApplicationScoped
public class SyncConsumer {

    @Inject
    HealthVerifierRuntime runtime;

    @Incoming("sync")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        runtime.pipeline().handle(record);
    }
}
