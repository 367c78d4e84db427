package io.gitops.bumper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.EventType;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Handles one input record: decodes it (undecodable: dead letter), ignores rollout verdicts other than failed, skips
 * ids already handled, submits the intent to the coalescer and waits for its batch, retries transient failures with a
 * bound, and dead-letters what can never succeed with the reason. It returns only after the outcome is durable, so the
 * offset is committed after the side effects.
 */
public final class RecordHandler {

    private static final Logger LOG = Logger.getLogger(RecordHandler.class);

    /** How a record was handled. */
    public sealed interface Handled {
    }

    /** Processed; every environment settled. */
    public record Done(IntentResult result) implements Handled {
    }

    /** Sent to {@code <topic>.dlq} with this reason. */
    public record DeadLettered(String reason) implements Handled {
    }

    /** Its event id was handled before. */
    public record Duplicate(String eventId) implements Handled {
    }

    /** Not for the bumper (a progressing or healthy rollout). */
    public record Ignored(String type) implements Handled {
    }

    /** Where dead letters go. */
    @FunctionalInterface
    public interface DeadLetterSink {
        void send(ConsumerRecord<String, byte[]> record, String reason);
    }

    private final Function<Intent, CompletableFuture<IntentResult>> submit;
    private final DeadLetterSink deadLetters;
    private final RecentIds handled;
    private final Retry retry;
    private final Retry.Sleeper sleeper;
    private final BumperMetrics metrics;
    private final Duration timeout;

    public RecordHandler(Function<Intent, CompletableFuture<IntentResult>> submit, DeadLetterSink deadLetters,
                         RecentIds handled, Retry retry, Retry.Sleeper sleeper, BumperMetrics metrics,
                         Duration timeout) {
        this.submit = submit;
        this.deadLetters = deadLetters;
        this.handled = handled;
        this.retry = retry;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    public Handled handle(ConsumerRecord<String, byte[]> record) {
        Event<?> event;
        try {
            event = EventCodec.decode(record);
        } catch (EventDecodingException e) {
            return deadLetter(record, "undecodable event: " + e.getMessage());
        }
        if (event.type() == EventType.ROLLOUT_PROGRESSING || event.type() == EventType.ROLLOUT_HEALTHY) {
            return new Ignored(event.type().type());
        }
        Intent intent;
        try {
            intent = Intent.of(event);
        } catch (IllegalArgumentException e) {
            return deadLetter(record, e.getMessage());
        }
        if (handled.contains(event.id())) {
            metrics.duplicate();
            return new Duplicate(event.id());
        }
        try (LogContext context = LogContext.of(event)) {
            Outcome<IntentResult> outcome = retry.run(() -> attempt(intent), sleeper);
            handled.firstTime(event.id());
            if (outcome instanceof Outcome.Success<IntentResult> success) {
                success.value().targets().forEach(t -> LOG.infof("%s/%s: %s", t.app(), t.env(), describe(t)));
                return new Done(success.value());
            }
            if (outcome instanceof Outcome.PermanentFailure<IntentResult> permanent) {
                return deadLetter(record, permanent.reason());
            }
            return deadLetter(record, "still failing after " + retry.maxAttempts() + " attempts: "
                    + ((Outcome.TransientFailure<IntentResult>) outcome).reason());
        }
    }

    private Outcome<IntentResult> attempt(Intent intent) {
        try {
            return submit.apply(intent).get(timeout.toMillis(), TimeUnit.MILLISECONDS).outcome();
        } catch (TimeoutException e) {
            return Outcome.transientFailure("the batch did not finish within " + timeout, e);
        } catch (ExecutionException e) {
            return Outcome.transientFailure("the batch failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("interrupted", e);
        }
    }

    private Handled deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.send(record, reason);
        metrics.deadLetter(record.topic());
        LOG.warnf("dead-lettered %s-%d@%d to %s.dlq: %s", record.topic(), record.partition(), record.offset(),
                record.topic(), reason);
        return new DeadLettered(reason);
    }

    private static String describe(TargetResult result) {
        if (result instanceof TargetResult.Changed changed) {
            return "committed " + changed.event().data().commit() + ", config.changed " + changed.event().id();
        }
        if (result instanceof TargetResult.PullRequestOpened pr) {
            return (pr.created() ? "opened " : "updated ") + pr.event().data().pullRequestUrl();
        }
        return result.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ": " + reason(result);
    }

    private static String reason(TargetResult result) {
        if (result instanceof TargetResult.Unchanged unchanged) {
            return unchanged.reason();
        }
        if (result instanceof TargetResult.Superseded superseded) {
            return superseded.reason();
        }
        if (result instanceof TargetResult.Refused refused) {
            return refused.reason();
        }
        return ((TargetResult.Failed) result).reason();
    }
}
