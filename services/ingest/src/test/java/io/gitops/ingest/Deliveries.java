package io.gitops.ingest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Signed GitHub deliveries for the tests, and what reached the topic. */
final class Deliveries {

    static final String SECRET = "It's a Secret to Everybody";
    static final String ROTATED_SECRET = "rotated-secret";

    private Deliveries() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String pushBody(String after) {
        return WebhookParserTest.push("refs/heads/main", "0".repeat(40), after);
    }

    static ValidatableResponse post(String event, String deliveryId, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = given().contentType("application/json").body(bytes);
        if (event != null) {
            request.header(WebhookRoute.EVENT, event);
        }
        if (deliveryId != null) {
            request.header(WebhookRoute.DELIVERY, deliveryId);
        }
        if (secret != null) {
            request.header(WebhookRoute.SIGNATURE, SignatureVerifier.sign(secret, bytes));
        }
        return request.when().post(WebhookRoute.PATH).then();
    }

    static ValidatableResponse post(String event, String deliveryId, String body) {
        return post(event, deliveryId, body, SECRET);
    }

    /** Every record on the webhook topic carrying {@code deliveryId}, after the topic has been quiet a moment. */
    static List<ConsumerRecord<String, byte[]>> published(KafkaTestBroker broker, String deliveryId) {
        return broker.readAll(Topics.WEBHOOK_RECEIVED, Duration.ofMillis(700)).stream()
                .filter(r -> deliveryId.equals(EventCodec.header(r.headers(), CloudEventHeaders.DELIVERY_ID)))
                .toList();
    }
}
