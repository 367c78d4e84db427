package io.gitops.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventIds;
import io.gitops.events.data.WebhookReceived;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = "gitops.webhook.received.v1:6"))
class GitHubWebhookIT {

    static final String AFTER = WebhookParserTest.AFTER;

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void givenASignedPush_whenDelivered_thenItIsAcceptedAndPublishedWithCloudEventsHeadersKeyedByRepository() {
        String id = Deliveries.newId();

        Deliveries.post("push", id, Deliveries.pushBody(AFTER)).statusCode(202)
                .body("status", equalTo("accepted")).body("eventId", equalTo(EventIds.stable("webhook", id)));

        var records = Deliveries.published(broker, id);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("acme/shop");
        Event<?> event = EventCodec.decode(records.get(0));
        assertThat(event.id()).isEqualTo(EventIds.stable("webhook", id));
        assertThat(event.source().toString()).isEqualTo("/gitops/ingest");
        assertThat(event.correlationId()).isEqualTo(AFTER);
        assertThat(event.deliveryId()).isEqualTo(id);
        WebhookReceived data = (WebhookReceived) event.data();
        assertThat(data.event()).isEqualTo("push");
        assertThat(data.push().branch()).isEqualTo("main");
        assertThat(data.installationId()).isEqualTo(4711L);
        assertThat(data.payload().path("head_commit").path("message").asText()).isEqualTo("Add totals");
    }

    @Test
    void givenTheRotatedSecret_whenDelivered_thenItIsAcceptedToo() {
        Deliveries.post("push", Deliveries.newId(), Deliveries.pushBody(AFTER), Deliveries.ROTATED_SECRET)
                .statusCode(202).body("status", equalTo("accepted"));
    }

    @Test
    void givenNoOrAWrongSignature_whenDelivered_thenItIs401AndNothingIsPublished() {
        String id = Deliveries.newId();

        Deliveries.post("push", id, Deliveries.pushBody(AFTER), null).statusCode(401)
                .body("reason", equalTo("missing X-Hub-Signature-256"));
        Deliveries.post("push", id, Deliveries.pushBody(AFTER), "guessed").statusCode(401)
                .body("reason", equalTo("signature does not match"));
        Deliveries.post(null, null, "{not json", "guessed").statusCode(401);

        assertThat(Deliveries.published(broker, id)).isEmpty();
    }

    @Test
    void givenASignedButMalformedDelivery_whenDelivered_thenItIs400() {
        Deliveries.post("push", Deliveries.newId(), "{not json").statusCode(400)
                .body("reason", equalTo("body is not valid JSON"));
        Deliveries.post(null, Deliveries.newId(), "{}").statusCode(400)
                .body("reason", equalTo("missing X-GitHub-Event header"));
        Deliveries.post("push", null, "{}").statusCode(400)
                .body("reason", equalTo("missing X-GitHub-Delivery header"));
    }

    @Test
    void givenAMalformedDelivery_whenFixedAndRedeliveredWithTheSameId_thenItIsAccepted() {
        String id = Deliveries.newId();
        Deliveries.post("push", id, "{\"ref\":1}").statusCode(400);

        Deliveries.post("push", id, Deliveries.pushBody(AFTER)).statusCode(202).body("status", equalTo("accepted"));
    }

    @Test
    void givenAPing_whenDelivered_thenItIs202AndNotPublished() {
        String id = Deliveries.newId();

        Deliveries.post("ping", id, "{\"zen\":\"Design for failure.\"}").statusCode(202).body("status", equalTo("pong"));

        assertThat(Deliveries.published(broker, id)).isEmpty();
    }

    @Test
    void givenAnEventOutsideTheAllowList_whenDelivered_thenItIs202CountedAndNotPublished() {
        String id = Deliveries.newId();

        Deliveries.post("issues", id, "{\"action\":\"opened\"}").statusCode(202).body("status", equalTo("ignored"));

        assertThat(Deliveries.published(broker, id)).isEmpty();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_ingest_requests_total{event=\"issues\",outcome=\"ignored\"}"));
    }

    @Test
    void givenARedeliveryOfAnAcceptedDelivery_whenDelivered_thenItIs202DuplicateAndPublishedOnce() {
        String id = Deliveries.newId();
        Deliveries.post("push", id, Deliveries.pushBody(AFTER)).statusCode(202).body("status", equalTo("accepted"));

        Deliveries.post("push", id, Deliveries.pushBody(AFTER)).statusCode(202).body("status", equalTo("duplicate"));

        assertThat(Deliveries.published(broker, id)).hasSize(1);
    }

    @Test
    void givenABodyOverTheCapWithContentLength_whenDelivered_thenItIs413() {
        String big = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";

        Deliveries.post("push", Deliveries.newId(), big).statusCode(413).body("status", equalTo("rejected"));
    }

    @Test
    void givenAChunkedBodyThatGrowsOverTheCap_whenDelivered_thenItIs413BeforeTheEnd() throws IOException {
        String response;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nX-GitHub-Event: push\r\n"
                    + "X-GitHub-Delivery: chunked-1\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 16; i++) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException closedByServer) {
                // The server may close before the client finishes writing: that is the point.
            }
            InputStream in = socket.getInputStream();
            response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }

        assertThat(response).isEqualTo("HTTP/1.1 413");
    }

    @Test
    void givenTheRunningService_whenProbed_thenLiveReadyAndMetricsAnswer() {
        Deliveries.post("push", Deliveries.newId(), Deliveries.pushBody(AFTER)).statusCode(202);

        given().when().get("/q/health/live").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200)
                        .body(containsString("deliveryLedgerLoaded")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_ingest_requests_total{event=\"push\",outcome=\"accepted\"}"))
                .body(containsString("gitops_ingest_broker_ack_duration_seconds_bucket"))
                .body(containsString("gitops_ingest_request_duration_seconds_count"))
                .body(containsString("gitops_ingest_rejects_total{reason=\"bad_signature\"}"))
                .body(containsString("gitops_ingest_duplicates_total"))
                .body(containsString("gitops_ingest_dedupe_ledger_size"));
    }
}
