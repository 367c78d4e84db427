package io.gitops.sync;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.PublishException;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * One consumed record ({@code config.changed}, {@code rollout.v1} or {@code webhook.received}): decode (unreadable →
 * dead letter), skip ids already handled, hand the event to the engine, retry when the outcome events could not be
 * published (transient), and dead-letter what still fails so the partition never blocks. The engine's own failures
 * (a chart that does not render...) are outcomes published as events, not errors here.
 */
public final class ConsumedEvents {

    private static final Logger LOG = Logger.getLogger(ConsumedEvents.class);

    private final SyncEngine engine;
    private final DeadLetters deadLetters;
    private final RecentIds recentIds;
    private final Retry retry;
    private final Retry.Sleeper sleeper;
    private final SyncMetrics metrics;

    public ConsumedEvents(SyncEngine engine, DeadLetters deadLetters, RecentIds recentIds, Retry retry,
                          Retry.Sleeper sleeper, SyncMetrics metrics) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.recentIds = recentIds;
        this.retry = retry;
        this.sleeper = sleeper;
        this.metrics = metrics;
    }

    public Outcome<Void> handle(ConsumerRecord<String, byte[]> record) {
        long received = System.nanoTime();
        Event<?> event;
        try {
            event = EventCodec.decode(record);
        } catch (EventDecodingException e) {
            return deadLetter(record, e.getMessage());
        }
        try (LogContext ignored = LogContext.of(event)) {
            if (recentIds.contains(event.id())) {
                return Outcome.success(null);
            }
            Outcome<Void> outcome = retry.run(() -> attempt(event, received), sleeper);
            if (outcome instanceof Outcome.Success<Void>) {
                recentIds.firstTime(event.id());
                return outcome;
            }
            String reason = outcome instanceof Outcome.PermanentFailure<Void> p ? p.reason()
                    : ((Outcome.TransientFailure<Void>) outcome).reason();
            return deadLetter(record, reason);
        }
    }

    private Outcome<Void> attempt(Event<?> event, long received) {
        try {
            engine.handle(event, received);
            return Outcome.success(null);
        } catch (PublishException e) {
            return Outcome.transientFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "event %s could not be handled", event.id());
            return Outcome.permanent(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Outcome<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("record %s/%d/%d dead-lettered: %s", record.topic(), record.partition(), record.offset(), reason);
        deadLetters.send(record, reason);
        metrics.deadLettered();
        return Outcome.permanent(reason);
    }
}
