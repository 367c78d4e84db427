package io.gitops.sync;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The consumed topics. {@code sync-work} reads {@code gitops.config.changed.v1} and {@code gitops.rollout.v1} in one
 * consumer group with the range assignor, so partition p of both lands on the same instance: the owner of an
 * app/env gets both its config changes and its rollout verdicts. {@code config-pushes} reads
 * {@code gitops.webhook.received.v1} in a group of its own per instance (every instance sees every push and syncs
 * what it owns). Both go through the engine's {@link EngineInput}, in order per partition and off the connector's
 * thread ({@link io.gitops.kit.consume.ChannelWorker}); a record is acknowledged, and its offset committed
 * (throttled), after it returned a settled outcome; a transient failure is retried, never acknowledged meanwhile.
 */
@ApplicationScoped
public class SyncConsumers {

    @Inject
    SyncRuntime runtime;

    @Incoming("sync-work")
    public CompletionStage<Void> work(Message<byte[]> message) {
        return runtime.workWorker().submit(message);
    }

    @Incoming("config-pushes")
    public CompletionStage<Void> pushes(Message<byte[]> message) {
        return runtime.pushWorker().submit(message);
    }
}
