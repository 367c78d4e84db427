package io.gitops.health.input;

import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.kit.Outcome;
import io.gitops.kit.consume.RecordPipeline;

/**
 * The verifier's part of consuming {@code gitops.sync.v1} (the service kit's {@link RecordPipeline} does the rest:
 * decoding, dedupe, the start-up gate that waits for the rollout ledger, retries and dead letters): maps the sync
 * event to a {@link RolloutRequest} and starts its watch. An event that asks for no rollout is a success that does
 * nothing ({@value #IGNORED}); unusable data is a permanent failure; a watch that cannot start now (API server or
 * broker away) is a transient one, retried by the pipeline. Returns once the watch started and its
 * {@code progressing} event is acknowledged ({@value #WATCHED}); the verdict comes later, and a restart takes the
 * watch over from the rollout topic.
 */
public final class WatchStarter implements RecordPipeline.Handler {

    /** The event started (or was already running) a watch. */
    public static final String WATCHED = "watched";
    /** The event asks for no rollout. */
    public static final String IGNORED = "ignored";

    private final RolloutRequests requests;
    private final RolloutVerifier verifier;
    private final HealthMetrics metrics;

    public WatchStarter(RolloutRequests requests, RolloutVerifier verifier, HealthMetrics metrics) {
        this.requests = requests;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    /** @return {@value #WATCHED} or {@value #IGNORED}, or why the watch could not start */
    @Override
    public Outcome<String> handle(Event<?> event) {
        Outcome<Optional<RolloutRequest>> mapped = requests.from(event);
        if (!(mapped instanceof Outcome.Success<Optional<RolloutRequest>> success)) {
            return failed(mapped);
        }
        if (success.value().isEmpty()) {
            metrics.syncRecord(IGNORED);
            return Outcome.success(IGNORED);
        }
        Outcome<RolloutVerifier.Started> started = verifier.start(success.value().get());
        if (!(started instanceof Outcome.Success<RolloutVerifier.Started>)) {
            return failed(started);
        }
        metrics.syncRecord(WATCHED);
        return Outcome.success(WATCHED);
    }

    private static Outcome<String> failed(Outcome<?> failure) {
        if (failure instanceof Outcome.PermanentFailure<?> permanent) {
            return Outcome.permanent(permanent.reason(), permanent.cause());
        }
        Outcome.TransientFailure<?> transientFailure = (Outcome.TransientFailure<?>) failure;
        return Outcome.transientFailure(transientFailure.reason(), transientFailure.cause());
    }
}
