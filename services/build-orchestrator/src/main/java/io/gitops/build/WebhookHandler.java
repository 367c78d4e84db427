package io.gitops.build;

import java.time.Duration;
import java.util.List;

import io.gitops.build.pipeline.PipelineStarter;
import io.gitops.build.trigger.Trigger;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * One {@code webhook.received} record: decode (unreadable → dead letter), skip ids already handled, wait until the
 * service has its state (pipeline history and config catalog), start what the webhook triggers with bounded retries
 * of transient failures, and dead-letter what still fails, so the partition never blocks.
 */
public final class WebhookHandler {

    private static final Logger LOG = Logger.getLogger(WebhookHandler.class);

    private final BuildOrchestrator orchestrator;
    private final DeadLetters deadLetters;
    private final RecentIds recentIds;
    private final Retry retry;
    private final Retry.Sleeper sleeper;
    private final Duration readyTimeout;

    public WebhookHandler(BuildOrchestrator orchestrator, DeadLetters deadLetters, RecentIds recentIds, Retry retry,
                          Retry.Sleeper sleeper, Duration readyTimeout) {
        this.orchestrator = orchestrator;
        this.deadLetters = deadLetters;
        this.recentIds = recentIds;
        this.retry = retry;
        this.sleeper = sleeper;
        this.readyTimeout = readyTimeout;
    }

    public Outcome<List<Trigger>> handle(ConsumerRecord<String, byte[]> record) {
        Event<?> event;
        try {
            event = EventCodec.decode(record);
        } catch (EventDecodingException e) {
            return deadLetter(record, e.getMessage());
        }
        try (LogContext ignored = LogContext.of(event)) {
            if (recentIds.contains(event.id())) {
                orchestrator.metrics().trigger(BuildMetrics.TriggerDecision.DUPLICATE);
                return Outcome.success(List.of());
            }
            orchestrator.awaitReady(readyTimeout);
            Outcome<List<Trigger>> outcome = retry.run(() -> orchestrator.starter().handle(event), sleeper);
            if (outcome instanceof Outcome.Success<List<Trigger>>) {
                recentIds.firstTime(event.id());
                return outcome;
            }
            String reason = outcome instanceof Outcome.PermanentFailure<List<Trigger>> p ? p.reason()
                    : ((Outcome.TransientFailure<List<Trigger>>) outcome).reason();
            return deadLetter(record, reason);
        }
    }

    private Outcome<List<Trigger>> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("webhook record %d/%d dead-lettered: %s", record.partition(), record.offset(), reason);
        deadLetters.send(record, reason);
        orchestrator.metrics().deadLettered();
        return Outcome.permanent(reason);
    }
}
