package io.gitops.sync;

import java.util.function.Function;

import io.gitops.events.Event;
import io.gitops.kit.Outcome;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consumed records ({@code config.changed}, {@code rollout.v1}, {@code webhook.received}) going through the
 * service kit's {@link RecordPipeline} with the engine as its handler. The pipeline decodes, dedupes, waits for
 * start-up, retries and dead-letters; this class adds only what the engine needs besides the event: the moment the
 * record was received, taken before decoding and kept across the retries (a rollback's reaction time is measured
 * from it).
 *
 * <p>Classification, by what the engine does: its own failures (fetch, invalid config, render, quarantine, apply)
 * are outcomes it publishes as {@code SyncFailed}, so the record is done; a {@link io.gitops.kit.PublishException}
 * (an outcome event the broker did not take) is transient and retried; an event the engine can never act on throws
 * {@link io.gitops.kit.PermanentException} and is dead-lettered at once; anything else is classified by
 * {@link io.gitops.kit.Transience} (transient unless known to be terminal).
 */
public final class EngineInput implements RecordPipeline.Handler {

    /** What handles one event: {@link SyncEngine#handle}. */
    @FunctionalInterface
    public interface Engine {
        void handle(Event<?> event, long receivedNanos);
    }

    private final Engine engine;
    private final RecordPipeline pipeline;
    private final ThreadLocal<Long> received = new ThreadLocal<>();

    /**
     * @param pipeline builds the pipeline around this handler, e.g. {@code h -> lifecycle.pipeline(h).build()}
     */
    public EngineInput(Engine engine, Function<RecordPipeline.Handler, RecordPipeline> pipeline) {
        this.engine = engine;
        this.pipeline = pipeline.apply(this);
    }

    /** The pipeline around the engine (closed by the channel workers on stop). */
    public RecordPipeline pipeline() {
        return pipeline;
    }

    /** Handles one consumed record; returns once its outcome is durable (see {@link RecordPipeline#handle}). */
    public Handled consume(ConsumerRecord<String, byte[]> record) {
        received.set(System.nanoTime());
        try {
            return pipeline.handle(record);
        } finally {
            received.remove();
        }
    }

    @Override
    public Outcome<?> handle(Event<?> event) {
        Long receivedNanos = received.get();
        engine.handle(event, receivedNanos == null ? System.nanoTime() : receivedNanos);
        return Outcome.success(null);
    }
}
