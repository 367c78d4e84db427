package io.gitops.health.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.FakeViews;
import io.gitops.health.testing.RecordingHalter;
import io.gitops.health.testing.RecordingSink;
import io.gitops.health.verdict.RolloutLedger;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.health.watch.WorkloadViews;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.DeadLetterReason;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.lifecycle.StartupGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One sync.v1 record in, through the service kit's pipeline as the service assembles it: a watch started, ignored,
 * a duplicate, or dead-lettered with the reason.
 */
class WatchStarterTest {

    private final FakeViews views = new FakeViews().state("deployment-progressing.yaml");
    private final RecordingSink sink = new RecordingSink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HealthMetrics metrics = new HealthMetrics(registry);
    private final ConsumerMetrics consumerMetrics = new ConsumerMetrics(registry, "health-verifier",
            List.of(Topics.SYNC));
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final RolloutVerifier verifier = new RolloutVerifier(new RolloutVerifier.Parts(views,
            new HealthEvaluator(HealthRules.builtIn(), Thresholds.DEFAULTS), new RecordingHalter(),
            new RolloutLedger(100), sink, metrics, Duration.ofSeconds(5), new Retry(2, Duration.ZERO, Duration.ZERO),
            d -> { }, appEnv -> HealthSettings.DEFAULT, Clock.systemUTC()));
    private final RecordPipeline pipeline = pipeline(loaded());

    private static StartupGate loaded() {
        StartupGate gate = new StartupGate();
        gate.open();
        return gate;
    }

    /** The pipeline as the service's lifecycle builds it; {@code ledgerLoaded} opens once the ledger is read back. */
    private RecordPipeline pipeline(StartupGate ledgerLoaded) {
        return pipelineWithSleeper(ledgerLoaded, d -> { });
    }

    private RecordPipeline pipelineWithSleeper(StartupGate ledgerLoaded, java.util.function.Consumer<Duration> sleeper) {
        return RecordPipeline.builder()
                .handler(new WatchStarter(new RolloutRequests(new HealthSettingsResolver(HealthSettings.DEFAULT,
                        Map.of())), verifier, metrics))
                .deadLetters(new DeadLetters(new EventPublisher(producer, Duration.ofSeconds(1)),
                        "health-verifier")::send)
                .metrics(consumerMetrics)
                .dedupe(new RecentIds(100))
                .retry(new Retry(2, Duration.ZERO, Duration.ZERO))
                .sleeper(sleeper::accept)
                .startupGate(ledgerLoaded, Duration.ofMillis(20))
                .build();
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    private static ConsumerRecord<String, byte[]> record(Event<?> event) {
        var produced = EventCodec.toRecord(event);
        return new ConsumerRecord<>(Topics.SYNC, 2, 17, 0L, TimestampType.CREATE_TIME, 0, 0, produced.key(),
                produced.value(), produced.headers(), Optional.empty());
    }

    private static Event<SyncSucceeded> applied(String id) {
        return Event.of(RolloutRequestsTest.succeeded("shop", "staging", true)).id(id).source("sync-engine").build();
    }

    private String deadLetterReason() {
        ProducerRecord<String, byte[]> dlq = producer.history().get(0);
        assertThat(dlq.topic()).isEqualTo("gitops.sync.v1.dlq");
        return new String(dlq.headers().lastHeader(CloudEventHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8);
    }

    @Test
    void appliedRevisionStartsAWatchAndPublishesProgressing() {
        // Given a sync.succeeded record with changes

        // When it is handled
        Handled handled = pipeline.handle(record(applied("sync-1")));

        // Then the revision is watched and its progressing event published
        assertThat(handled).isEqualTo(new Handled.Done(WatchStarter.WATCHED));
        assertThat(verifier.watch(new AppEnv("shop", "staging"))).isPresent();
        assertThat(sink.first(RolloutProgressing.class)).get().extracting(RolloutProgressing::workloads)
                .isEqualTo(List.of("Deployment/shop"));
        assertThat(registry.get(HealthMetrics.SYNC_RECORDS).tag("outcome", "watched").counter().count()).isEqualTo(1.0);
    }

    @Test
    void recordHandledBeforeIsADuplicate() {
        // Given a record already handled
        pipeline.handle(record(applied("sync-1")));

        // When it is delivered again
        Handled handled = pipeline.handle(record(applied("sync-1")));

        // Then nothing new happens
        assertThat(handled).isEqualTo(new Handled.Duplicate("sync-1"));
        assertThat(views.opened()).isEqualTo(1);
        assertThat(consumerMetrics.duplicateCount(Topics.SYNC)).isEqualTo(1.0);
    }

    @Test
    void syncThatChangedNothingIsIgnored() {
        // Given a no-op sync
        Event<SyncSucceeded> noop = Event.of(RolloutRequestsTest.succeeded("shop", "staging", false)).id("sync-2")
                .source("sync-engine").build();

        // When it is handled
        Handled handled = pipeline.handle(record(noop));

        // Then no watch starts
        assertThat(handled).isEqualTo(new Handled.Done(WatchStarter.IGNORED));
        assertThat(views.opened()).isZero();
        assertThat(registry.get(HealthMetrics.SYNC_RECORDS).tag("outcome", "ignored").counter().count()).isEqualTo(1.0);
    }

    @Test
    void unreadableRecordIsDeadLetteredWithTheReason() {
        // Given a record without CloudEvents headers
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.SYNC, 0, 3, "shop/staging",
                "{}".getBytes(StandardCharsets.UTF_8));

        // When it is handled
        Handled handled = pipeline.handle(garbage);

        // Then it goes to the dead-letter topic and the partition moves on
        assertThat(handled).isInstanceOf(Handled.DeadLettered.class);
        assertThat(deadLetterReason()).contains("missing CloudEvents header ce_specversion");
        assertThat(consumerMetrics.deadLetterCount(Topics.SYNC, DeadLetterReason.UNDECODABLE)).isEqualTo(1.0);
    }

    @Test
    void syncOfAnInvalidAppNameIsDeadLettered() {
        // Given a sync of an app named against the DNS-1123 rules
        Event<SyncSucceeded> invalid = Event.of(RolloutRequestsTest.succeeded("Shop", "staging", true)).id("sync-3")
                .source("sync-engine").build();

        // When it is handled
        Handled handled = pipeline.handle(record(invalid));

        // Then it is dead-lettered at once with the reason
        assertThat(handled).isInstanceOf(Handled.DeadLettered.class);
        assertThat(((Handled.DeadLettered) handled).kind()).isEqualTo(DeadLetterReason.PERMANENT);
        assertThat(deadLetterReason()).contains("is not a DNS-1123 label");
        assertThat(views.opened()).isZero();
    }

    @Test
    void watchThatCannotStartUntilTheApiServerAnswersIsRetriedAndNeverDeadLettered() {
        // Given an API server that does not answer for more attempts than the retry policy's max-attempts (2)
        views.failOpens(new WorkloadViews.ViewException("connection refused", null));
        RecordPipeline recovering = pipelineWithSleeper(loaded(), new java.util.function.Consumer<>() {
            int backoffs;

            @Override
            public void accept(Duration backoff) {
                if (++backoffs == 4) {
                    views.failOpens(null);
                }
            }
        });

        // When a sync record is handled
        Handled handled = recovering.handle(record(applied("sync-4")));

        // Then it is retried until the watch starts: done, not dead-lettered, one retry per backoff
        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(consumerMetrics.retryCount(Topics.SYNC)).isEqualTo(4.0);
        assertThat(consumerMetrics.deadLetterCount(Topics.SYNC, DeadLetterReason.PERMANENT)).isZero();
        assertThat(views.opened()).isEqualTo(1);
    }

    @Test
    void recordArrivingBeforeTheLedgerIsLoadedWaitsAndIsHandledOnceItIsLoadedNeverDeadLettered() {
        // Given a verifier whose rollout ledger is read back only after more attempts than max-attempts (2)
        StartupGate ledger = new StartupGate();
        java.util.concurrent.atomic.AtomicInteger backoffs = new java.util.concurrent.atomic.AtomicInteger();
        RecordPipeline waiting = pipelineWithSleeper(ledger, d -> {
            if (backoffs.incrementAndGet() == 3) {
                ledger.open();
            }
        });

        // When a sync record is handled
        Handled handled = waiting.handle(record(applied("sync-5")));

        // Then it waited for each attempt, and its watch started once the ledger was loaded
        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(backoffs).hasValue(3);
        assertThat(views.opened()).isEqualTo(1);
        assertThat(consumerMetrics.deadLetterCount(Topics.SYNC, DeadLetterReason.PERMANENT)).isZero();
    }
}
