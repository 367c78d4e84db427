package io.gitops.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gitops.events.Topics;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Verdict;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.gitops.testing.sandbox.SandboxTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The ledger read back from a real gitops.rollout.v1: what survives a restart. A Quarkus test only to share the
 * module's broker with the service tests (one broker per JVM); it drives the loader directly.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics",
        value = "gitops.sync.v1:6,gitops.rollout.v1:6,gitops.sync.v1.dlq:1"))
@WithTestResource(value = SandboxTestResource.class, initArgs = {@ResourceArg(name = "shared", value = "true"),
        @ResourceArg(name = "tick-ms", value = "50"), @ResourceArg(name = "url-property", value = "kubernetes.master"),
        @ResourceArg(name = "kubeconfig-system-property", value = "kubeconfig")})
class RolloutLedgerLoaderIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    private static RolloutRequest request(AppEnv app, String revision) {
        return new RolloutRequest(app, app.app() + "-staging", revision,
                List.of("registry.local:5000/" + app.app() + ":tag-" + revision), null, null, Instant.now(),
                RolloutRequest.Cause.APPLIED, "cause-" + revision + app.app(), null, HealthSettings.DEFAULT);
    }

    @Test
    void verdictsPublishedBeforeAStartAreKnownOnceTheLedgerCaughtUpAndNewOnesAfterIt() throws InterruptedException {
        // Given a healthy and a failed verdict of one app, and a pending rollout of another, on the topic
        AppEnv shop = new AppEnv("shop-" + UUID.randomUUID().toString().substring(0, 8), "staging");
        AppEnv web = new AppEnv("web-" + UUID.randomUUID().toString().substring(0, 8), "staging");
        Instant t0 = Instant.now().minusSeconds(60);
        KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());
        try (EventPublisher publisher = EventPublisher.create(kafka, "test", Duration.ofSeconds(5), Map.of())) {
            publisher.publish(RolloutEvents.healthy(request(shop, "r1"), t0));
            publisher.publish(RolloutEvents.failed(request(shop, "r2"), new Verdict.Failed(
                    RolloutFailureReason.CRASH_LOOP, "crash", "Deployment/shop", null), true, null, t0.plusSeconds(10)));
            publisher.publish(RolloutEvents.progressing(request(web, "w1"), List.of(), t0.plusSeconds(20)));
            RolloutLedger ledger = new RolloutLedger(1000);

            // When the ledger is loaded from the topic, and a verdict arrives after it caught up
            CountDownLatch loaded = new CountDownLatch(1);
            try (RolloutLedgerLoader loader = new RolloutLedgerLoader(kafka, Topics.ROLLOUT, ledger,
                    loaded::countDown)) {
                loader.start();
                assertThat(loader.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                publisher.publish(RolloutEvents.healthy(request(web, "w1"), t0.plusSeconds(30)));

                // Then the service is told the ledger is loaded, the past is known and the tail keeps it current
                assertThat(loaded.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(ledger.lastHealthy(shop)).get().extracting(RolloutLedger.LastHealthy::tag)
                        .isEqualTo("tag-r1");
                assertThat(ledger.failingSince(shop)).contains(t0.plusSeconds(10));
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.lastHealthy(web).isPresent());
                assertThat(ledger.pending(web)).isEmpty();
                assertThat(loader.caughtUp()).isTrue();
            }
        }
    }
}
