package io.gitops.ingest;

import java.time.Instant;

import io.gitops.events.Event;
import io.gitops.events.EventIds;
import io.gitops.events.data.WebhookReceived;
import io.gitops.ingest.IngestMetrics.Outcome;
import io.gitops.kit.LogContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/github}: reads the raw body under the cap, verifies the signature before anything else,
 * dedupes by delivery id, publishes, and answers 202 only once the broker acknowledged.
 */
@ApplicationScoped
public class WebhookRoute {

    public static final String PATH = "/webhooks/github";
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";
    private static final int WORKER_THRESHOLD_BYTES = 256 * 1024;
    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);

    @Inject
    IngestRuntime runtime;

    void register(@Observes Router router) {
        router.post(PATH).order(-10).handler(this::receive);
    }

    void receive(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        long max = runtime.bodyCap().maxBodyBytes();
        String event = request.getHeader(EVENT);
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > max) {
            tooLarge(ctx, event, start);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                rejected[0] = true;
                tooLarge(ctx, event, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(error -> LOG.debugf("webhook request failed while reading: %s", error.getMessage()));
        request.endHandler(v -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() > WORKER_THRESHOLD_BYTES) {
                ctx.vertx().executeBlocking(() -> {
                    handle(ctx, body.getBytes(), start);
                    return null;
                }, false);
            } else {
                handle(ctx, body.getBytes(), start);
            }
        });
        request.resume();
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void tooLarge(RoutingContext ctx, String event, long start) {
        runtime.metrics().reject("too_large");
        // Close the connection: the rest of an oversized body is never read.
        ctx.response().putHeader("Connection", "close");
        long max = runtime.bodyCap().maxBodyBytes();
        respond(ctx, 413, "rejected", "body larger than " + max + " bytes", null, max);
        ctx.request().connection().close();
        runtime.metrics().request(event, Outcome.TOO_LARGE, start);
    }

    /** The broker refuses the record for its size: a redelivery would be refused too, so 413, not 503. */
    private void recordTooLarge(RoutingContext ctx, String event, long start) {
        runtime.metrics().reject("record_too_large");
        BodyCap cap = runtime.bodyCap();
        finish(ctx, event, Outcome.TOO_LARGE, start, 413, "rejected", "the event for this delivery is larger than topic "
                + cap.topic() + " accepts (" + cap.topicMaxMessageBytes() + " bytes)", null, cap.topicMaxMessageBytes());
    }

    void handle(RoutingContext ctx, byte[] body, long start) {
        HttpServerRequest request = ctx.request();
        String event = request.getHeader(EVENT);
        String deliveryId = request.getHeader(DELIVERY);
        String signature = request.getHeader(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            runtime.metrics().reject("missing_signature");
            finish(ctx, event, Outcome.UNAUTHORIZED, start, 401, "rejected", "missing X-Hub-Signature-256", null);
            return;
        }
        if (!runtime.verifier().verify(body, signature)) {
            runtime.metrics().reject("bad_signature");
            finish(ctx, event, Outcome.UNAUTHORIZED, start, 401, "rejected", "signature does not match", null);
            return;
        }
        String headerProblem = WebhookParser.headerProblem(event, deliveryId);
        if (headerProblem != null) {
            runtime.metrics().reject("malformed");
            finish(ctx, event, Outcome.BAD_REQUEST, start, 400, "rejected", headerProblem, null);
            return;
        }
        if ("ping".equals(event)) {
            finish(ctx, event, Outcome.PING, start, 202, "pong", null, null);
            return;
        }
        if (!runtime.allowed(event)) {
            finish(ctx, event, Outcome.IGNORED, start, 202, "ignored", "event type " + event + " is not published", null);
            return;
        }
        String eventId = EventIds.stable("webhook", deliveryId);
        switch (runtime.ledger().admit(deliveryId)) {
            case DUPLICATE -> {
                finish(ctx, event, Outcome.DUPLICATE, start, 202, "duplicate", null, eventId);
                return;
            }
            case IN_FLIGHT -> {
                runtime.metrics().reject("in_flight");
                unavailable(ctx, event, start, "the same delivery is being published");
                return;
            }
            case NEW -> {
                // go on below
            }
        }
        WebhookParser.Result parsed = WebhookParser.parse(event, deliveryId, body, Instant.now());
        if (parsed instanceof WebhookParser.Malformed malformed) {
            runtime.ledger().failed(deliveryId);
            runtime.metrics().reject("malformed");
            finish(ctx, event, Outcome.BAD_REQUEST, start, 400, "rejected", malformed.reason(), null);
            return;
        }
        WebhookReceived delivery = ((WebhookParser.Parsed) parsed).delivery();
        Event<WebhookReceived> published = Event.of(delivery).id(eventId).source("ingest")
                .time(delivery.receivedAt()).correlationId(commitOf(delivery)).deliveryId(deliveryId).build();
        long sent = System.nanoTime();
        runtime.publisher().publish(published).whenComplete((metadata, error) -> ctx.vertx().runOnContext(v -> {
            try (LogContext log = LogContext.of(published)) {
                if (error == null) {
                    runtime.metrics().brokerAck(System.nanoTime() - sent);
                    runtime.ledger().published(deliveryId, delivery.receivedAt());
                    LOG.debugf("accepted %s delivery", event);
                    finish(ctx, event, Outcome.ACCEPTED, start, 202, "accepted", null, eventId);
                } else if (WebhookPublisher.refusedForSize(error)) {
                    runtime.ledger().failed(deliveryId);
                    LOG.warnf("answered 413, the broker refuses the record for its size (%d body bytes): %s",
                            body.length, error.getMessage());
                    recordTooLarge(ctx, event, start);
                } else {
                    runtime.ledger().failed(deliveryId);
                    runtime.metrics().reject("broker_unavailable");
                    LOG.warnf("answered 503: %s", error.getMessage());
                    unavailable(ctx, event, start, "broker did not acknowledge in time");
                }
            }
        }));
    }

    /** The commit the delivery is about, for the correlation id. */
    static String commitOf(WebhookReceived delivery) {
        if (delivery.push() != null) {
            return delivery.push().after();
        }
        for (String object : new String[] {"workflow_run", "check_run", "check_suite", "workflow_job"}) {
            String sha = delivery.payload().path(object).path("head_sha").asText(null);
            if (sha != null) {
                return sha;
            }
        }
        return delivery.payload().path("pull_request").path("head").path("sha").asText(null);
    }

    private void unavailable(RoutingContext ctx, String event, long start, String reason) {
        ctx.response().putHeader("Retry-After", String.valueOf(runtime.config().retryAfterSeconds()));
        finish(ctx, event, Outcome.UNAVAILABLE, start, 503, "unavailable", reason, null);
    }

    private void finish(RoutingContext ctx, String event, Outcome outcome, long start, int status, String state,
                        String reason, String eventId) {
        finish(ctx, event, outcome, start, status, state, reason, eventId, null);
    }

    private void finish(RoutingContext ctx, String event, Outcome outcome, long start, int status, String state,
                        String reason, String eventId, Number limitBytes) {
        respond(ctx, status, state, reason, eventId, limitBytes);
        runtime.metrics().request(event, outcome, start);
    }

    private static void respond(RoutingContext ctx, int status, String state, String reason, String eventId,
                                Number limitBytes) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject json = new JsonObject().put("status", state);
        if (reason != null) {
            json.put("reason", reason);
        }
        if (eventId != null) {
            json.put("eventId", eventId);
        }
        if (limitBytes != null) {
            json.put("limitBytes", limitBytes);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json.encode());
    }
}
