package io.gitops.build.testing;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.data.PushFields;
import io.gitops.events.data.WebhookReceived;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;

/** {@code webhook.received} events as ingest publishes them. */
public final class Webhooks {

    public static final String ZERO = "0".repeat(40);

    private Webhooks() {
    }

    public static Event<WebhookReceived> push(String repository, String branch, String after) {
        String deliveryId = UUID.randomUUID().toString();
        boolean deleted = ZERO.equals(after);
        WebhookReceived data = new WebhookReceived(deliveryId, "push", null, repository, null, "octocat",
                Instant.now(), new PushFields("refs/heads/" + branch, branch, ZERO, after, false, deleted, false,
                deleted ? null : Instant.parse("2026-11-27T09:59:58Z"), "change", "octocat"),
                JsonNodeFactory.instance.objectNode());
        return Event.of(data).idFrom("webhook", deliveryId).source("ingest").correlationId(after)
                .deliveryId(deliveryId).build();
    }

    public static Event<WebhookReceived> other(String repository, String eventType) {
        String deliveryId = UUID.randomUUID().toString();
        WebhookReceived data = new WebhookReceived(deliveryId, eventType, "completed", repository, null, "bot",
                Instant.now(), null, JsonNodeFactory.instance.objectNode());
        return Event.of(data).idFrom("webhook", deliveryId).source("ingest").deliveryId(deliveryId).build();
    }

    /** A completed {@code check_run} delivery (a workflow job or a check run the workflow created). */
    public static Event<WebhookReceived> checkRun(String repository, String sha, String name, String conclusion,
                                                  String summary) {
        var payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", "completed");
        var run = payload.putObject("check_run");
        run.put("name", name).put("head_sha", sha).put("status", "completed").put("conclusion", conclusion);
        run.putObject("output").put("title", name + " " + conclusion).put("summary", summary).putNull("text");
        return actions("check_run", repository, sha, payload);
    }

    /** A completed {@code workflow_run} delivery. */
    public static Event<WebhookReceived> workflowRun(String repository, String sha, String conclusion) {
        var payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", "completed");
        payload.putObject("workflow_run").put("name", "ci").put("head_sha", sha).put("status", "completed")
                .put("conclusion", conclusion).put("html_url", "https://github.com/" + repository + "/actions/runs/1");
        return actions("workflow_run", repository, sha, payload);
    }

    private static Event<WebhookReceived> actions(String type, String repository, String sha,
                                                  com.fasterxml.jackson.databind.node.ObjectNode payload) {
        String deliveryId = UUID.randomUUID().toString();
        WebhookReceived data = new WebhookReceived(deliveryId, type, "completed", repository, null,
                "github-actions[bot]", Instant.now(), null, payload);
        return Event.of(data).idFrom("webhook", deliveryId).source("ingest").correlationId(sha)
                .deliveryId(deliveryId).build();
    }

    /** The event as the consumer receives it. */
    public static ConsumerRecord<String, byte[]> record(Event<?> event) {
        ProducerRecord<String, byte[]> produced = EventCodec.toRecord(event);
        return new ConsumerRecord<>(produced.topic(), 0, 0L, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                -1, -1, produced.key(), produced.value(), produced.headers(), Optional.empty());
    }
}
