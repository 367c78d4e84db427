package io.gitops.kit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gitops.events.Event;
import io.gitops.events.Topics;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.Outcome;
import io.gitops.kit.Retry;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ServiceLifecycleIT {

    private final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ServiceLifecycle.Builder lifecycle(KafkaClientSettings kafka) {
        return ServiceLifecycle.builder("it-service", kafka, ServiceSettings.defaults(), registry)
                .consumes(Topics.ROLLOUT).produces(Topics.SYNC);
    }

    @Test
    void givenDeclaredTopics_whenStarted_thenTheProducedConsumedAndDeadLetterTopicsExist() {
        try (ServiceLifecycle lifecycle = lifecycle(kafka).build()) {

            lifecycle.start();

            assertThat(broker.topicNames()).contains(Topics.SYNC, Topics.ROLLOUT,
                    Topics.deadLetterTopic(Topics.ROLLOUT));
            assertThat(lifecycle.topicSpecs()).extracting(Topics.TopicSpec::name).containsExactly(Topics.SYNC,
                    Topics.ROLLOUT, Topics.deadLetterTopic(Topics.ROLLOUT));
        }
    }

    @Test
    void givenAStartedService_whenItPublishes_thenTheBrokerAcknowledges() {
        try (ServiceLifecycle lifecycle = lifecycle(kafka).build().start()) {

            var metadata = lifecycle.publisher().publish(Event.of(new SyncStarted("shop", "staging", "ns", "rev",
                    SyncTrigger.POLL, Instant.now())).id("lc-1").source("it-service").build());

            assertThat(metadata.topic()).isEqualTo(Topics.SYNC);
        }
    }

    @Test
    void givenAReachableBroker_whenNotYetReady_thenReadinessIsDownUntilReadyAndEveryNamedCheckPasses() {
        AtomicBoolean repository = new AtomicBoolean(false);
        try (ServiceLifecycle lifecycle = lifecycle(kafka).readiness("configRepositoryFetched", repository::get)
                .build().start()) {
            assertThat(lifecycle.readiness().up()).isFalse();
            lifecycle.ready();
            assertThat(lifecycle.readiness().up()).isFalse();

            repository.set(true);
            ReadinessReport report = lifecycle.readiness();

            assertThat(report.up()).isTrue();
            assertThat(report.checks()).containsEntry("brokerReachable", true).containsEntry("started", true)
                    .containsEntry("configRepositoryFetched", true);
        }
    }

    @Test
    void givenACheckOnAPartNotBuiltYetOrThrowing_whenAsked_thenReadinessIsDownNotAnError() {
        try (ServiceLifecycle lifecycle = lifecycle(kafka)
                .readiness("ledgerLoaded", () -> (Boolean) null, Boolean::booleanValue)
                .readiness("explodes", () -> {
                    throw new IllegalStateException("not built");
                }).build().start()) {
            lifecycle.ready();

            ReadinessReport report = lifecycle.readiness();

            assertThat(report.up()).isFalse();
            assertThat(report.checks()).containsEntry("ledgerLoaded", false).containsEntry("explodes", false);
        }
    }

    @Test
    void givenReadinessData_whenAsked_thenItIsShownWithoutDecidingReadinessAndLeftOutWhileAbsent() {
        try (ServiceLifecycle lifecycle = lifecycle(kafka).readinessData("queued", () -> 3)
                .readinessData("ownedPartitions", () -> null).readinessData("broken", () -> {
                    throw new IllegalStateException("not built");
                }).build().start()) {
            lifecycle.ready();

            ReadinessReport report = lifecycle.readiness();

            assertThat(report.up()).isTrue();
            assertThat(report.checks()).containsEntry("queued", 3).doesNotContainKeys("ownedPartitions", "broken");
        }
    }

    @Test
    void givenABrokerThatIsAway_whenStarted_thenTheServiceStartsAndReadinessSaysTheBrokerIsUnreachable() {
        KafkaClientSettings away = KafkaClientSettings.of("127.0.0.1:1");
        ServiceSettings settings = new ServiceSettings(Duration.ofSeconds(1), true, (short) 1, Duration.ofSeconds(1),
                10, new Retry(1, Duration.ZERO, Duration.ZERO));
        try (ServiceLifecycle lifecycle = ServiceLifecycle.builder("it-away", away, settings, registry)
                .consumes(Topics.ROLLOUT).build()) {

            lifecycle.start();
            lifecycle.ready();

            assertThat(lifecycle.readiness().up()).isFalse();
            assertThat(lifecycle.readiness().checks()).containsEntry("brokerReachable", false);
        }
    }

    @Test
    void givenRegisteredParts_whenClosed_thenTheyCloseInReverseOrderOnceAndAFailingPartDoesNotStopTheOthers() {
        List<String> closed = new ArrayList<>();
        ServiceLifecycle lifecycle = lifecycle(kafka).build().start();
        lifecycle.closeOnStop(() -> closed.add("ledger"));
        lifecycle.closeOnStop(() -> {
            closed.add("coalescer");
            throw new IllegalStateException("boom");
        });
        lifecycle.closeOnStop(() -> closed.add("poller"));

        lifecycle.close();
        lifecycle.close();

        assertThat(closed).containsExactly("poller", "coalescer", "ledger");
        assertThat(lifecycle.readiness().up()).isFalse();
        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }

    @Test
    void givenTheLifecyclesPipeline_whenAnUndecodableRecordArrives_thenItsDeadLetterReachesTheDlqTopic() {
        try (ServiceLifecycle lifecycle = lifecycle(kafka).build()) {
            RecordPipeline pipeline = lifecycle.pipeline(event -> Outcome.permanent("refused by policy"))
                    .sleeper(d -> { }).build();
            lifecycle.ready();
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.ROLLOUT, 0, 42, 0L,
                    TimestampType.CREATE_TIME, 0, 0, "lc/dlq", "x".getBytes(), new RecordHeaders(),
                    java.util.Optional.empty());

            Handled handled = pipeline.handle(record);

            assertThat(handled).isInstanceOf(Handled.DeadLettered.class);
            var dead = broker.readUntil(List.of(Topics.deadLetterTopic(Topics.ROLLOUT)),
                    r -> r.stream().anyMatch(x -> "lc/dlq".equals(x.key())), Duration.ofSeconds(20));
            assertThat(dead).anyMatch(x -> "lc/dlq".equals(x.key()));
            assertThat(lifecycle.consumerMetrics().deadLetterCount(Topics.ROLLOUT,
                    io.gitops.kit.consume.DeadLetterReason.UNDECODABLE)).isEqualTo(1);
        }
    }
}
