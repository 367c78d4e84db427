package io.gitops.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.WebhookReceived;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Deliveries of a few megabytes, larger than Kafka's default record limit: the webhook topic (created here with the
 * broker's default by {@link KafkaTestResource}, as an old deployment would have it) must accept them.
 */
@QuarkusTest
@TestProfile(LargeDeliveryIT.ThreeMegabyteCap.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = "gitops.webhook.received.v1:6"))
class LargeDeliveryIT {

    static final int CAP = 3 * 1024 * 1024;
    private static final ConfigResource TOPIC = new ConfigResource(ConfigResource.Type.TOPIC, Topics.WEBHOOK_RECEIVED);

    /** A cap above Kafka's 1 MB default and below the topic's declared limit. */
    public static class ThreeMegabyteCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gitops.ingest.max-body-bytes", String.valueOf(CAP));
        }
    }

    @InjectKafkaBroker
    KafkaTestBroker broker;

    /** A signed push carrying {@code bytes} of random base64, which lz4 cannot shrink below Kafka's default limit. */
    static String incompressiblePush(int bytes) {
        byte[] random = new byte[bytes * 3 / 4];
        new Random(42).nextBytes(random);
        String blob = Base64.getEncoder().encodeToString(random);
        String push = Deliveries.pushBody(WebhookParserTest.AFTER).trim();
        return push.substring(0, push.length() - 1) + ",\"blob\":\"" + blob + "\"}";
    }

    private int topicLimit() throws Exception {
        try (Admin admin = broker.admin()) {
            return Integer.parseInt(admin.describeConfigs(List.of(TOPIC)).all().get().get(TOPIC)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        }
    }

    private void setTopicLimit(int bytes) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(TOPIC, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes)),
                    AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    @Test
    void givenATwoMegabyteIncompressibleSignedPush_whenDelivered_thenItIs202AndTheFullBodyIsOnTheTopic()
            throws Exception {
        String id = Deliveries.newId();
        String body = incompressiblePush(2 * 1024 * 1024);

        Deliveries.post("push", id, body).statusCode(202).body("status", equalTo("accepted"));

        var records = Deliveries.published(broker, id);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).serializedValueSize()).isGreaterThan(2 * 1024 * 1024);
        WebhookReceived data = (WebhookReceived) EventCodec.decode(records.get(0)).data();
        JsonNode sent = new ObjectMapper().readTree(body);
        assertThat(data.payload()).isEqualTo(sent);
        assertThat(data.payload().path("blob").asText()).hasSize(sent.path("blob").asText().length());
    }

    @Test
    void givenTheWebhookTopicCreatedBeforeStart_whenIngestHasStarted_thenItAcceptsTheDeclaredRecordSize() {
        int declared = Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow().maxMessageBytes();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(topicLimit()).isEqualTo(declared));
    }

    @Test
    void givenABodyOverTheCap_whenDelivered_thenItIs413WithTheLimitAndNothingIsPublished() {
        String id = Deliveries.newId();

        Deliveries.post("push", id, incompressiblePush(CAP + 1024)).statusCode(413)
                .body("status", equalTo("rejected"))
                .body("reason", equalTo("body larger than " + CAP + " bytes"))
                .body("limitBytes", equalTo(CAP));

        assertThat(Deliveries.published(broker, id)).isEmpty();
    }

    @Test
    void givenATopicLoweredBelowTheDeliveryAfterStart_whenDelivered_thenItIs413WithTheTopicLimitNot503()
            throws Exception {
        String id = Deliveries.newId();
        String body = incompressiblePush(2 * 1024 * 1024);
        int declared = Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow().maxMessageBytes();
        setTopicLimit(Topics.DEFAULT_MAX_MESSAGE_BYTES);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> topicLimit() == Topics.DEFAULT_MAX_MESSAGE_BYTES);
        try {
            Deliveries.post("push", id, body).statusCode(413)
                    .body("status", equalTo("rejected"))
                    .body("reason", containsString("larger than topic " + Topics.WEBHOOK_RECEIVED + " accepts"))
                    .body("limitBytes", equalTo(declared));
        } finally {
            setTopicLimit(declared);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> topicLimit() == declared);

        assertThat(Deliveries.published(broker, id)).isEmpty();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_ingest_rejects_total{reason=\"record_too_large\"} 1.0"))
                .body(containsString("gitops_ingest_requests_total{event=\"push\",outcome=\"too_large\"}"));
        Deliveries.post("push", id, body).statusCode(202).body("status", equalTo("accepted"));
    }
}
