package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = "gitops.webhook.received.v1:6"))
class BrokerOutageIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @Test
    void givenTheBrokerIsDown_whenAPushIsDelivered_thenIt503sAndTheRedeliveryAfterRecoveryIsPublishedOnce() {
        String id = Deliveries.newId();
        String body = Deliveries.pushBody(WebhookParserTest.AFTER);
        Deliveries.post("push", Deliveries.newId(), body).statusCode(202);
        broker.stopBroker();
        try {
            long start = System.nanoTime();

            Deliveries.post("push", id, body).statusCode(503).header("Retry-After", "1")
                    .body("status", equalTo("unavailable"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            broker.startBroker();
        }
        AtomicReference<String> status = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            status.set(Deliveries.post("push", id, body).extract().path("status"));
            return !"unavailable".equals(status.get());
        });
        assertThat(status.get()).isEqualTo("accepted");
        Deliveries.post("push", id, body).statusCode(202).body("status", equalTo("duplicate"));
        assertThat(Deliveries.published(broker, id)).hasSize(1);
    }
}
