package io.gitops.bumper.consume;

import java.util.concurrent.CompletionStage;

import io.gitops.bumper.runtime.BumperRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The two inputs, each handed to the service's {@link io.gitops.kit.consume.RecordPipeline} (which waits for the
 * start-up gate) through an unordered {@link io.gitops.kit.consume.ChannelWorker}: each handler waits for its batch,
 * so records must be in flight together for the coalescing window to gather them (at most
 * {@link BumperRuntime#MAX_IN_FLIGHT} per input). Order within an app/env is restored by comparing build times, not by
 * arrival; a record is acknowledged, and its offset committed ({@code throttled}), only once its handler returned,
 * i.e. after its commit, push and announcement; a transient failure is retried, never acknowledged meanwhile.
 */
@ApplicationScoped
public class BumperConsumers {

    @Inject
    BumperRuntime runtime;

    @Incoming("artifacts")
    public CompletionStage<Void> onArtifact(Message<byte[]> message) {
        return runtime.artifactWorker().submit(message);
    }

    @Incoming("rollouts")
    public CompletionStage<Void> onRollout(Message<byte[]> message) {
        return runtime.rolloutWorker().submit(message);
    }
}
