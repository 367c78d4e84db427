package io.gitops.bumper.consume;

import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.gitops.bumper.Fixtures;
import io.gitops.bumper.artifacts.ArtifactGate;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.bumper.testing.Pipelines;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.DeadLetterReason;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The bumper's handler inside the kit's {@link RecordPipeline}: what becomes of one input record. */
class IntentHandlerTest {

    final List<String> deadLetters = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicInteger submissions = new AtomicInteger();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ConsumerMetrics metrics = new ConsumerMetrics(registry, "config-bumper",
            List.of(Topics.ARTIFACT_PUBLISHED, Topics.ROLLOUT));

    RecordPipeline pipeline(Function<Intent, CompletableFuture<IntentResult>> submit, Duration timeout) {
        IntentHandler handler = new IntentHandler(intent -> {
            submissions.incrementAndGet();
            return submit.apply(intent);
        }, timeout, new ArtifactGate(Pipelines.allSucceeded(), Duration.ZERO, refusal -> { }));
        return RecordPipeline.builder().handler(handler)
                .deadLetters((record, reason) -> deadLetters.add(record.topic() + ": " + reason))
                .metrics(metrics).dedupe(new RecentIds(100))
                .retry(new Retry(3, Duration.ofMillis(100), Duration.ofSeconds(1))).sleeper(sleeps::add).build();
    }

    RecordPipeline pipeline(Function<Intent, IntentResult> result) {
        return pipeline(intent -> CompletableFuture.completedFuture(result.apply(intent)), Duration.ofSeconds(5));
    }

    static ConsumerRecord<String, byte[]> record(Event<?> event) {
        ProducerRecord<String, byte[]> produced = EventCodec.toRecord(event);
        return new ConsumerRecord<>(produced.topic(), 0, 7, 0L, TimestampType.CREATE_TIME, 0, 0, produced.key(),
                produced.value(), produced.headers(), java.util.Optional.empty());
    }

    static IntentResult result(Intent intent, TargetResult... targets) {
        return new IntentResult(intent, List.of(targets));
    }

    @Test
    void givenAnArtifactThatIsBumped_whenHandled_thenItIsDoneWithoutRetryOrDeadLetter() {
        RecordPipeline pipeline = pipeline(intent -> result(intent,
                new TargetResult.Unchanged("shop", "staging", "already there")));

        Handled handled = pipeline.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOfSatisfying(Handled.Done.class,
                d -> assertThat(d.value()).isInstanceOf(IntentResult.class));
        assertThat(deadLetters).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenTheSameEventTwice_whenHandledAgain_thenItIsADuplicateAndNotSubmitted() {
        RecordPipeline pipeline = pipeline(intent -> result(intent));
        ConsumerRecord<String, byte[]> record = record(Fixtures.artifact("shop", sha("a"), T0));
        pipeline.handle(record);

        Handled handled = pipeline.handle(record);

        assertThat(handled).isInstanceOf(Handled.Duplicate.class);
        assertThat(submissions).hasValue(1);
        assertThat(metrics.duplicateCount(Topics.ARTIFACT_PUBLISHED)).isEqualTo(1.0);
    }

    @Test
    void givenAnEventThatWasDeadLettered_whenItComesAgain_thenItIsHandledAgainNotSkippedAsADuplicate() {
        AtomicInteger calls = new AtomicInteger();
        RecordPipeline pipeline = pipeline(intent -> calls.incrementAndGet() == 1
                ? result(intent, new TargetResult.Failed("shop", null, true, "unknown application 'shop'"))
                : result(intent, new TargetResult.Unchanged("shop", "staging", "already there")));
        ConsumerRecord<String, byte[]> record = record(Fixtures.artifact("shop", sha("a"), T0));
        pipeline.handle(record);

        Handled handled = pipeline.handle(record);

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(submissions).hasValue(2);
    }

    @Test
    void givenAPermanentFailure_whenHandled_thenItIsDeadLetteredAtOnceWithTheReason() {
        RecordPipeline pipeline = pipeline(intent -> result(intent,
                new TargetResult.Failed("shop", null, true, "unknown application 'shop'")));

        Handled handled = pipeline.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class,
                d -> assertThat(d.kind()).isEqualTo(DeadLetterReason.PERMANENT));
        assertThat(deadLetters).containsExactly(Topics.ARTIFACT_PUBLISHED + ": shop: unknown application 'shop'");
        assertThat(submissions).hasValue(1);
        assertThat(metrics.deadLetterCount(Topics.ARTIFACT_PUBLISHED, DeadLetterReason.PERMANENT)).isEqualTo(1.0);
    }

    @Test
    void givenATransientFailureThatClears_whenHandled_thenItIsRetriedWithBackoffAndDone() {
        AtomicInteger calls = new AtomicInteger();
        RecordPipeline pipeline = pipeline(intent -> calls.incrementAndGet() == 1
                ? result(intent, new TargetResult.Failed("shop", "staging", false, "git server down"))
                : result(intent, new TargetResult.Unchanged("shop", "staging", "already there")));

        Handled handled = pipeline.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(sleeps).hasSize(1);
        assertThat(metrics.retryCount(Topics.ARTIFACT_PUBLISHED)).isEqualTo(1.0);
    }

    @Test
    void givenATransientFailureLastingLongerThanTheOldAttemptBound_whenHandled_thenItIsRetriedUntilDoneNotDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        RecordPipeline pipeline = pipeline(intent -> calls.incrementAndGet() <= 5
                ? result(intent, new TargetResult.Failed("shop", "staging", false, "git server down"))
                : result(intent, new TargetResult.Unchanged("shop", "staging", "already there")));

        Handled handled = pipeline.handle(record(Fixtures.rolloutFailed("shop", "staging", sha("b"), sha("a"))));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(submissions).hasValue(6);
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isEqualTo(5.0);
    }

    @Test
    void givenABatchThatDoesNotFinishAtFirst_whenHandled_thenEachAttemptTimesOutAsATransientFailureUntilOneFinishes() {
        RecordPipeline pipeline = pipeline(intent -> submissions.get() <= 4 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(result(intent)), Duration.ofMillis(20));

        Handled handled = pipeline.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(submissions).hasValue(5);
        assertThat(sleeps).hasSize(4);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenABatchThatBlewUp_whenHandled_thenItIsATransientFailureRetriedUntilABatchSucceeds() {
        RecordPipeline pipeline = pipeline(intent -> submissions.get() <= 3 ? CompletableFuture.failedFuture(
                new IllegalStateException("boom")) : CompletableFuture.completedFuture(result(intent)),
                Duration.ofSeconds(1));

        Handled handled = pipeline.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(submissions).hasValue(4);
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.retryCount(Topics.ARTIFACT_PUBLISHED)).isEqualTo(3.0);
    }

    @Test
    void givenARecordThatIsNotAnEvent_whenHandled_thenItIsDeadLetteredAsUndecodable() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.ARTIFACT_PUBLISHED, 0, 1, "shop",
                "{not json".getBytes());

        Handled handled = pipeline(intent -> result(intent)).handle(garbage);

        assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class,
                d -> assertThat(d.kind()).isEqualTo(DeadLetterReason.UNDECODABLE));
        assertThat(deadLetters).singleElement().asString().contains("undecodable event");
        assertThat(submissions).hasValue(0);
    }

    @Test
    void givenAHealthyRollout_whenHandled_thenItIsIgnored() {
        Event<RolloutHealthy> healthy = Event.of(new RolloutHealthy("shop", "staging", "shop-staging", sha("r"),
                List.of(), sha("t"), sha("t"), 3000, 60_000L, Instant.now())).idFrom("healthy", "x")
                .source("health-verifier").build();

        Handled handled = pipeline(intent -> result(intent)).handle(record(healthy));

        assertThat(handled).isInstanceOfSatisfying(Handled.Done.class,
                d -> assertThat(d.value()).isEqualTo(new IntentHandler.Ignored("io.gitops.rollout.healthy.v1")));
        assertThat(submissions).hasValue(0);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenAnEventTheBumperDoesNotActOn_whenHandled_thenItIsDeadLetteredAtOnceAsPermanent() {
        Event<?> changed = Event.of(new io.gitops.events.data.ConfigChanged("shop", "staging", "r", "main", sha("c"),
                null, null, null, io.gitops.events.data.ChangeCause.EXTERNAL, null, null, null, null, null,
                Instant.now())).idFrom("x").source("sync-engine").build();

        Handled handled = pipeline(intent -> result(intent)).handle(record(changed));

        assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class, d -> {
            assertThat(d.reason()).contains("does not act on io.gitops.config.changed.v1");
            assertThat(d.kind()).isEqualTo(DeadLetterReason.PERMANENT);
        });
        assertThat(sleeps).isEmpty();
    }
}
