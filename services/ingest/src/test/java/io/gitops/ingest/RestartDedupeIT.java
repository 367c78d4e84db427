package io.gitops.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PreviousRunResource.class)
class RestartDedupeIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @Test
    void givenADeliveryAcceptedBeforeARestart_whenRedeliveredAfterIt_thenItIsADuplicateAndNotPublishedAgain() {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        Deliveries.post("push", PreviousRunResource.DELIVERED_BEFORE_RESTART, Deliveries.pushBody(WebhookParserTest.AFTER))
                .statusCode(202).body("status", equalTo("duplicate"));

        assertThat(Deliveries.published(broker, PreviousRunResource.DELIVERED_BEFORE_RESTART)).hasSize(1);
    }
}
