package io.gitops.bumper.consume;

import io.gitops.bumper.runtime.BumperRuntime;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The two inputs, each handed to the service's {@link io.gitops.kit.consume.RecordPipeline} (which waits for the
 * start-up gate). Handlers run on the {@code bumper-handlers} worker pool without ordering ({@code ordered = false}):
 * each one waits for its batch, so records must be in flight together for the coalescing window to gather them. Order
 * within an app/env is restored by comparing build times, not by arrival; offsets are committed ({@code throttled})
 * only once a handler returned, i.e. after its commit, push and announcement.
 */
@ApplicationScoped
public class BumperConsumers {

    static final String WORKER_POOL = "bumper-handlers";

    @Inject
    BumperRuntime runtime;

    @Incoming("artifacts")
    @Blocking(value = WORKER_POOL, ordered = false)
    public void onArtifact(ConsumerRecord<String, byte[]> record) {
        runtime.pipeline().handle(record);
    }

    @Incoming("rollouts")
    @Blocking(value = WORKER_POOL, ordered = false)
    public void onRollout(ConsumerRecord<String, byte[]> record) {
        runtime.pipeline().handle(record);
    }
}
