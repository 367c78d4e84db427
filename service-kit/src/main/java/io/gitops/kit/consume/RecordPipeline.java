package io.gitops.kit.consume;

import java.time.Duration;
import java.util.Objects;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.Transience;
import io.gitops.kit.lifecycle.StartupGate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What every consumer of the platform does with one record, written once (Strimzi's {@code AbstractControllerLoop}):
 * decode the CloudEvent, put its app/env/commit/event id into the log context, skip an event id that was handled
 * successfully before, wait (bounded) until the service has started, run the service's {@link Handler}, retry
 * transient failures with backoff, and dead-letter what can never succeed with a reason that says why. A service
 * writes only {@code handle(Event) → Outcome}.
 *
 * <p>Guarantees: {@link #handle} returns only once the outcome is durable (handled, or the dead letter acknowledged
 * by the broker), so the caller commits the offset after the side effects; it throws only when the dead letter itself
 * could not be published, so the record is not committed and comes again. A handler's exception is classified by
 * {@link Transience} (transient unless known to be terminal). An event id is remembered only after a success, so a
 * dead-lettered event replayed later is handled again. One log format for every service: a line per backoff and a
 * line per dead letter with topic, partition and offset.
 */
public final class RecordPipeline {

    private static final Logger LOG = Logger.getLogger(RecordPipeline.class);

    /** The service's part: what to do with one decoded event. Exceptions are classified, never swallowed. */
    @FunctionalInterface
    public interface Handler {
        Outcome<?> handle(Event<?> event) throws Exception;
    }

    /** Where dead letters go (usually {@link io.gitops.kit.DeadLetters#send}). */
    @FunctionalInterface
    public interface DeadLetterSink {
        void send(ConsumerRecord<String, byte[]> record, String reason);
    }

    private final Handler handler;
    private final DeadLetterSink deadLetters;
    private final RecentIds handled;
    private final Retry retry;
    private final Retry.Sleeper sleeper;
    private final ConsumerMetrics metrics;
    private final StartupGate gate;
    private final Duration startupTimeout;

    private RecordPipeline(Builder b) {
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.deadLetters = Objects.requireNonNull(b.deadLetters, "deadLetters");
        this.metrics = Objects.requireNonNull(b.metrics, "metrics");
        this.handled = b.handled;
        this.retry = b.retry;
        this.sleeper = b.sleeper;
        this.gate = b.gate;
        this.startupTimeout = b.startupTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Handles one record; see the class comment for what is guaranteed when it returns. */
    public Handled handle(ConsumerRecord<String, byte[]> record) {
        Event<?> event;
        try {
            event = EventCodec.decode(record);
        } catch (EventDecodingException e) {
            return deadLetter(record, DeadLetterReason.UNDECODABLE, "undecodable event: " + e.getMessage());
        }
        try (LogContext ignored = LogContext.of(event)) {
            if (handled.contains(event.id())) {
                metrics.duplicate(record.topic());
                LOG.debugf("event %s handled before: skipped", event.id());
                return new Handled.Duplicate(event.id());
            }
            Outcome<?> outcome = retry.run(() -> attempt(event), sleeper, (attempt, failure, backoff) -> {
                metrics.retried(record.topic());
                LOG.warnf("attempt %d of %d failed transiently, next in %d ms: %s", attempt, retry.maxAttempts(),
                        backoff.toMillis(), failure.reason());
            });
            if (outcome instanceof Outcome.Success<?> success) {
                handled.firstTime(event.id());
                metrics.handled(record.topic());
                return new Handled.Done(success.value());
            }
            if (outcome instanceof Outcome.PermanentFailure<?> permanent) {
                return deadLetter(record, DeadLetterReason.PERMANENT, permanent.reason());
            }
            return deadLetter(record, DeadLetterReason.RETRIES_EXHAUSTED, "still failing after "
                    + retry.maxAttempts() + " attempts: " + ((Outcome.TransientFailure<?>) outcome).reason());
        }
    }

    private Outcome<?> attempt(Event<?> event) {
        if (gate != null && !gate.await(startupTimeout)) {
            return Outcome.transientFailure("the service has not finished starting within " + startupTimeout, null);
        }
        try {
            Outcome<?> outcome = handler.handle(event);
            return outcome == null ? Outcome.success(null) : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("interrupted", e);
        } catch (Exception e) {
            return Transience.failure(describe(e), e);
        }
    }

    private Handled deadLetter(ConsumerRecord<String, byte[]> record, DeadLetterReason kind, String reason) {
        String text = reason == null || reason.isBlank() ? kind.label() : reason;
        deadLetters.send(record, text);
        metrics.deadLettered(record.topic(), kind);
        LOG.warnf("dead-lettered %s-%d@%d to %s (%s): %s", record.topic(), record.partition(), record.offset(),
                Topics.deadLetterTopic(record.topic()), kind.label(), text);
        return new Handled.DeadLettered(kind, text);
    }

    /** The class and message of a failure, e.g. {@code GitHubException: HTTP 502 from POST /repos/...}. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Assembles a pipeline; handler, dead-letter sink and metrics are required. */
    public static final class Builder {
        private Handler handler;
        private DeadLetterSink deadLetters;
        private ConsumerMetrics metrics;
        private RecentIds handled = new RecentIds(100_000);
        private Retry retry = new Retry(5, Duration.ofMillis(500), Duration.ofSeconds(10));
        private Retry.Sleeper sleeper = Retry.Sleeper.REAL;
        private StartupGate gate;
        private Duration startupTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        public Builder deadLetters(DeadLetterSink deadLetters) {
            this.deadLetters = deadLetters;
            return this;
        }

        public Builder metrics(ConsumerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The remembered event ids (default: the last 100,000). */
        public Builder dedupe(RecentIds handled) {
            this.handled = handled;
            return this;
        }

        public Builder retry(Retry retry) {
            this.retry = retry;
            return this;
        }

        /** Tests replace the sleeper to avoid waiting out backoffs. */
        public Builder sleeper(Retry.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Handling waits for {@code gate} up to {@code timeout} per attempt; still closed is a transient failure. */
        public Builder startupGate(StartupGate gate, Duration timeout) {
            this.gate = gate;
            this.startupTimeout = timeout;
            return this;
        }

        public RecordPipeline build() {
            return new RecordPipeline(this);
        }
    }
}
