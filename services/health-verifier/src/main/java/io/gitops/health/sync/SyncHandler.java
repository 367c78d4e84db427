package io.gitops.health.sync;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * One {@code sync.v1} record: decode (unreadable → dead letter), skip ids already handled, ignore what asks for no
 * rollout, wait until the rollout ledger is loaded (a failed verdict must name the right last healthy revision),
 * start the watch with bounded retries of transient failures (API server, broker), and dead-letter what still
 * fails, so the partition never blocks. Returns once the watch started and its {@code progressing} event is
 * acknowledged; the verdict comes later, and a restart takes the watch over from the rollout topic.
 */
public final class SyncHandler {

    private static final Logger LOG = Logger.getLogger(SyncHandler.class);

    private final RolloutVerifier verifier;
    private final RolloutRequests requests;
    private final DeadLetters deadLetters;
    private final RecentIds recentIds;
    private final Retry retry;
    private final Retry.Sleeper sleeper;
    private final BooleanSupplier awaitReady;
    private final HealthMetrics metrics;

    /** @param awaitReady waits (bounded) until the ledger is loaded; false when it is not */
    public SyncHandler(RolloutVerifier verifier, RolloutRequests requests, DeadLetters deadLetters,
                       RecentIds recentIds, Retry retry, Retry.Sleeper sleeper, BooleanSupplier awaitReady,
                       HealthMetrics metrics) {
        this.verifier = verifier;
        this.requests = requests;
        this.deadLetters = deadLetters;
        this.recentIds = recentIds;
        this.retry = retry;
        this.sleeper = sleeper;
        this.awaitReady = awaitReady;
        this.metrics = metrics;
    }

    public Outcome<String> handle(ConsumerRecord<String, byte[]> record) {
        Event<?> event;
        try {
            event = EventCodec.decode(record);
        } catch (EventDecodingException e) {
            return deadLetter(record, e.getMessage());
        }
        try (LogContext ignored = LogContext.of(event)) {
            if (recentIds.contains(event.id())) {
                metrics.syncRecord("duplicate");
                return Outcome.success("duplicate");
            }
            Outcome<Optional<RolloutRequest>> mapped = requests.from(event);
            if (mapped instanceof Outcome.PermanentFailure<Optional<RolloutRequest>> p) {
                return deadLetter(record, p.reason());
            }
            Optional<RolloutRequest> request = ((Outcome.Success<Optional<RolloutRequest>>) mapped).value();
            if (request.isEmpty()) {
                recentIds.firstTime(event.id());
                metrics.syncRecord("ignored");
                return Outcome.success("ignored");
            }
            if (!awaitReady.getAsBoolean()) {
                LOG.warn("rollout ledger not loaded yet: the verdict may not name the last healthy revision");
            }
            Outcome<RolloutVerifier.Started> started = retry.run(() -> verifier.start(request.get()), sleeper);
            if (started instanceof Outcome.Success<RolloutVerifier.Started>) {
                recentIds.firstTime(event.id());
                metrics.syncRecord("watched");
                return Outcome.success("watched");
            }
            return deadLetter(record, started instanceof Outcome.TransientFailure<RolloutVerifier.Started> t
                    ? t.reason() : String.valueOf(started));
        }
    }

    private Outcome<String> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("sync record %d/%d dead-lettered: %s", record.partition(), record.offset(), reason);
        deadLetters.send(record, reason);
        metrics.syncRecord("dead_lettered");
        return Outcome.permanent(reason);
    }
}
