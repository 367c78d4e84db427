package io.gitops.build.exec.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.events.data.WebhookReceived;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;

/**
 * On start, reads {@code webhook.received} back from {@code since} to its end and records the check and workflow
 * runs in {@link ActionsReports}: a pipeline resumed after a restart still finds what GitHub reported before it.
 */
public final class WebhookReplay {

    private WebhookReplay() {
    }

    public static int load(KafkaClientSettings kafka, Instant since, ActionsReports reports, Duration timeout) {
        AtomicInteger recorded = new AtomicInteger();
        TopicReplay.readToEnd(kafka, Topics.WEBHOOK_RECEIVED, "build-orchestrator-actions-replay",
                TopicReplay.StartAt.since(since), record -> {
                    try {
                        if (EventCodec.decode(record).data() instanceof WebhookReceived webhook
                                && reports.record(webhook)) {
                            recorded.incrementAndGet();
                        }
                    } catch (EventDecodingException e) {
                        // the consumer dead-letters it; nothing to remember here
                    }
                }, timeout);
        return recorded.get();
    }
}
