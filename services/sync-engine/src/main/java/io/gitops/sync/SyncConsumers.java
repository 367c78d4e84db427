package io.gitops.sync;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The consumed topics. {@code sync-work} reads {@code gitops.config.changed.v1} and {@code gitops.rollout.v1} in one
 * consumer group with the range assignor, so partition p of both lands on the same instance: the owner of an
 * app/env gets both its config changes and its rollout verdicts. {@code config-pushes} reads
 * {@code gitops.webhook.received.v1} in a group of its own per instance (every instance sees every push and syncs
 * what it owns). Both go through the engine's {@link EngineInput}; offsets are committed (throttled) after it
 * returned.
 */
@ApplicationScoped
public class SyncConsumers {

    @Inject
    SyncRuntime runtime;

    @Incoming("sync-work")
    @Blocking(ordered = true)
    public void work(ConsumerRecord<String, byte[]> record) {
        runtime.input().consume(record);
    }

    @Incoming("config-pushes")
    @Blocking(ordered = true)
    public void pushes(ConsumerRecord<String, byte[]> record) {
        runtime.input().consume(record);
    }
}
