package io.gitops.ingest;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.events.EventCodec;
import io.gitops.events.data.PushFields;
import io.gitops.events.data.WebhookReceived;

/**
 * Turns a verified delivery (headers and raw body) into a {@link WebhookReceived}: the envelope fields, the
 * normalised push fields, and the payload as JSON. Runs only after the signature was verified.
 */
public final class WebhookParser {

    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");
    private static final String ZERO_SHA = "0".repeat(40);

    private WebhookParser() {
    }

    /** The outcome of parsing a delivery. */
    public sealed interface Result permits Parsed, Malformed {
    }

    public record Parsed(WebhookReceived delivery) implements Result {
    }

    public record Malformed(String reason) implements Result {
    }

    /** Checks the headers alone (before the body is read): null when fine, else the reason for a 400. */
    public static String headerProblem(String event, String deliveryId) {
        if (event == null || event.isBlank()) {
            return "missing X-GitHub-Event header";
        }
        if (!EVENT.matcher(event).matches()) {
            return "X-GitHub-Event is not an event name";
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            return "missing X-GitHub-Delivery header";
        }
        if (!DELIVERY_ID.matcher(deliveryId).matches()) {
            return "X-GitHub-Delivery is not a delivery id";
        }
        return null;
    }

    public static Result parse(String event, String deliveryId, byte[] body, Instant receivedAt) {
        String problem = headerProblem(event, deliveryId);
        if (problem != null) {
            return new Malformed(problem);
        }
        JsonNode payload;
        try {
            payload = EventCodec.mapper().readTree(body);
        } catch (IOException e) {
            return new Malformed("body is not valid JSON");
        }
        if (payload == null || !payload.isObject()) {
            return new Malformed("body is not a JSON object");
        }
        PushFields push = null;
        if ("push".equals(event)) {
            if (!payload.path("ref").isTextual() || !payload.path("after").isTextual()) {
                return new Malformed("push payload lacks ref or after");
            }
            push = pushFields(payload);
        }
        JsonNode installation = payload.path("installation").path("id");
        return new Parsed(new WebhookReceived(
                deliveryId,
                event,
                text(payload.path("action")),
                text(payload.path("repository").path("full_name")),
                installation.canConvertToLong() ? installation.asLong() : null,
                text(payload.path("sender").path("login")),
                receivedAt,
                push,
                payload));
    }

    private static PushFields pushFields(JsonNode payload) {
        String ref = payload.path("ref").asText();
        String before = text(payload.path("before"));
        String after = payload.path("after").asText();
        JsonNode head = payload.path("head_commit");
        return new PushFields(
                ref,
                ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null,
                before,
                after,
                payload.path("created").asBoolean(ZERO_SHA.equals(before)),
                payload.path("deleted").asBoolean(ZERO_SHA.equals(after)),
                payload.path("forced").asBoolean(false),
                time(head.path("timestamp")),
                text(head.path("message")),
                text(payload.path("pusher").path("name")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
