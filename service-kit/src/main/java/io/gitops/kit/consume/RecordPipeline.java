package io.gitops.kit.consume;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.RetryAfter;
import io.gitops.kit.Transience;
import io.gitops.kit.lifecycle.StartupGate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What every consumer of the platform does with one record, written once (Strimzi's {@code AbstractControllerLoop}):
 * decode the CloudEvent, put its app/env/commit/event id into the log context, skip an event id that was handled
 * successfully before, wait (bounded) until the service has started, run the service's {@link Handler}, and apply the
 * platform's one failure policy (docs/adr/0002): what can never succeed (undecodable, invalid, refused by policy) is
 * dead-lettered at once with a reason that says why; a transient failure (broker, Git host, GitHub, API server,
 * registry: {@link Transience} decides) is never dead-lettered for being transient: the record is tried again after a
 * capped exponential backoff with jitter (at least the server's {@link RetryAfter} when it said), with a metric and a
 * log line per backoff, until it succeeds or fails permanently. A service writes only {@code handle(Event) → Outcome}.
 *
 * <p>Guarantees: {@link #handle} returns a settled outcome only once it is durable (handled, or the dead letter
 * acknowledged by the broker: a dead letter the broker did not take is retried like any transient failure), so the
 * caller commits the offset after the side effects. {@link #close} (service stopping) interrupts a backoff: the record
 * ends {@link Handled.Abandoned}, is neither committed nor dead-lettered, and comes again to the partition's next
 * owner. It throws only when a dead letter is refused for good (an ACL, a size limit). An event id is remembered only
 * after a success, so a dead-lettered event replayed later is handled again. The retry policy's {@code max-attempts}
 * does not bound a consumed record (its backoffs do); handlers keep their own bounded retries inside one attempt.
 */
public final class RecordPipeline implements AutoCloseable {

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
    private final Duration retryAfterCap;
    private final ConsumerMetrics metrics;
    private final StartupGate gate;
    private final Duration startupTimeout;
    private final CountDownLatch stop = new CountDownLatch(1);

    private RecordPipeline(Builder b) {
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.deadLetters = Objects.requireNonNull(b.deadLetters, "deadLetters");
        this.metrics = Objects.requireNonNull(b.metrics, "metrics");
        this.handled = b.handled;
        this.retry = b.retry;
        this.sleeper = b.sleeper;
        this.retryAfterCap = b.retryAfterCap;
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
            for (int attempt = 1; ; attempt++) {
                Outcome<?> outcome = attempt(event);
                if (outcome instanceof Outcome.Success<?> success) {
                    handled.firstTime(event.id());
                    metrics.handled(record.topic());
                    return new Handled.Done(success.value());
                }
                if (outcome instanceof Outcome.PermanentFailure<?> permanent) {
                    return deadLetter(record, DeadLetterReason.PERMANENT, permanent.reason());
                }
                Outcome.TransientFailure<?> failure = (Outcome.TransientFailure<?>) outcome;
                if (!backOff(record, attempt, failure.reason(), failure.cause())) {
                    return abandoned(record, failure.reason());
                }
            }
        }
    }

    /** Stops the pipeline: a backoff in progress ends at once and its record is {@link Handled.Abandoned}. */
    @Override
    public void close() {
        stop.countDown();
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return stop.getCount() == 0;
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

    /**
     * Waits before the next attempt, with a metric and a log line; false when the pipeline is closing (or the thread
     * interrupted), i.e. the record must be given up without settling it.
     */
    private boolean backOff(ConsumerRecord<String, byte[]> record, int attempt, String reason, Throwable cause) {
        if (isClosed()) {
            return false;
        }
        Duration backoff = retry.backoff(attempt);
        Optional<Duration> asked = cause == null ? Optional.empty() : RetryAfter.of(cause);
        if (asked.isPresent()) {
            Duration after = asked.get().compareTo(retryAfterCap) > 0 ? retryAfterCap : asked.get();
            backoff = after.compareTo(backoff) > 0 ? after : backoff;
        }
        metrics.retried(record.topic());
        LOG.warnf("%s-%d@%d: attempt %d failed transiently, next in %d ms%s: %s", record.topic(), record.partition(),
                record.offset(), attempt, backoff.toMillis(), asked.isPresent() ? " (Retry-After)" : "", reason);
        metrics.backingOff(record.topic(), 1);
        try {
            if (sleeper == null) {
                return !stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
            sleeper.sleep(backoff);
            return !isClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            metrics.backingOff(record.topic(), -1);
        }
    }

    private Handled abandoned(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.infof("%s-%d@%d: stopping while it still fails transiently, left uncommitted for the next owner: %s",
                record.topic(), record.partition(), record.offset(), reason);
        return new Handled.Abandoned(reason);
    }

    private Handled deadLetter(ConsumerRecord<String, byte[]> record, DeadLetterReason kind, String reason) {
        String text = reason == null || reason.isBlank() ? kind.label() : reason;
        for (int attempt = 1; ; attempt++) {
            try {
                deadLetters.send(record, text);
                break;
            } catch (RuntimeException e) {
                if (!Transience.isTransient(e)) {
                    throw e;
                }
                if (!backOff(record, attempt, "dead letter not acknowledged: " + describe(e), e)) {
                    return abandoned(record, "dead letter not acknowledged: " + describe(e));
                }
            }
        }
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
        private Retry.Sleeper sleeper;
        private Duration retryAfterCap = Duration.ofMinutes(15);
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

        /** The backoffs between attempts at a transient failure (first, cap); its max-attempts does not apply. */
        public Builder retry(Retry retry) {
            this.retry = retry;
            return this;
        }

        /** The longest {@code Retry-After} honoured (default 15 minutes); a longer one waits this long. */
        public Builder retryAfterCap(Duration cap) {
            this.retryAfterCap = cap;
            return this;
        }

        /** Tests replace the sleeper to avoid waiting out backoffs (default: a wait that {@link #close} ends). */
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
