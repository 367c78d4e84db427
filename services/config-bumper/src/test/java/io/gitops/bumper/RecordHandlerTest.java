package io.gitops.bumper;

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

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordHandlerTest {

    final List<String> deadLetters = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicInteger submissions = new AtomicInteger();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    RecordHandler handler(Function<Intent, CompletableFuture<IntentResult>> submit, Duration timeout) {
        return new RecordHandler(intent -> {
            submissions.incrementAndGet();
            return submit.apply(intent);
        }, (record, reason) -> deadLetters.add(record.topic() + ": " + reason), new RecentIds(100),
                new Retry(3, Duration.ofMillis(100), Duration.ofSeconds(1)), sleeps::add,
                new BumperMetrics(registry), timeout);
    }

    RecordHandler handler(Function<Intent, IntentResult> result) {
        return handler(intent -> CompletableFuture.completedFuture(result.apply(intent)), Duration.ofSeconds(5));
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
        RecordHandler handler = handler(intent -> result(intent,
                new TargetResult.Unchanged("shop", "staging", "already there")));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(RecordHandler.Done.class);
        assertThat(deadLetters).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenTheSameEventTwice_whenHandledAgain_thenItIsADuplicateAndNotSubmitted() {
        RecordHandler handler = handler(intent -> result(intent));
        ConsumerRecord<String, byte[]> record = record(Fixtures.artifact("shop", sha("a"), T0));
        handler.handle(record);

        RecordHandler.Handled handled = handler.handle(record);

        assertThat(handled).isInstanceOf(RecordHandler.Duplicate.class);
        assertThat(submissions).hasValue(1);
        assertThat(registry.get(BumperMetrics.DUPLICATES).counter().count()).isEqualTo(1.0);
    }

    @Test
    void givenAPermanentFailure_whenHandled_thenItIsDeadLetteredAtOnceWithTheReason() {
        RecordHandler handler = handler(intent -> result(intent,
                new TargetResult.Failed("shop", null, true, "unknown application 'shop'")));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(RecordHandler.DeadLettered.class);
        assertThat(deadLetters).containsExactly(Topics.ARTIFACT_PUBLISHED + ": shop: unknown application 'shop'");
        assertThat(submissions).hasValue(1);
        assertThat(registry.get(BumperMetrics.DEAD_LETTERS).tag("topic", Topics.ARTIFACT_PUBLISHED).counter()
                .count()).isEqualTo(1.0);
    }

    @Test
    void givenATransientFailureThatClears_whenHandled_thenItIsRetriedWithBackoffAndDone() {
        AtomicInteger calls = new AtomicInteger();
        RecordHandler handler = handler(intent -> calls.incrementAndGet() == 1
                ? result(intent, new TargetResult.Failed("shop", "staging", false, "git server down"))
                : result(intent, new TargetResult.Unchanged("shop", "staging", "already there")));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOf(RecordHandler.Done.class);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void givenATransientFailureThatOutlivesTheBound_whenHandled_thenItIsDeadLetteredSayingSo() {
        RecordHandler handler = handler(intent -> result(intent,
                new TargetResult.Failed("shop", "staging", false, "git server down")));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.rolloutFailed("shop", "staging", sha("b"),
                sha("a"))));

        assertThat(handled).isInstanceOfSatisfying(RecordHandler.DeadLettered.class, d -> assertThat(d.reason())
                .isEqualTo("still failing after 3 attempts: shop/staging: git server down"));
        assertThat(submissions).hasValue(3);
    }

    @Test
    void givenABatchThatNeverFinishes_whenHandled_thenEachAttemptTimesOutAsATransientFailure() {
        RecordHandler handler = handler(intent -> new CompletableFuture<>(), Duration.ofMillis(20));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOfSatisfying(RecordHandler.DeadLettered.class,
                d -> assertThat(d.reason()).contains("did not finish within"));
    }

    @Test
    void givenABatchThatBlewUp_whenHandled_thenItIsATransientFailure() {
        RecordHandler handler = handler(intent -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
                Duration.ofSeconds(1));

        RecordHandler.Handled handled = handler.handle(record(Fixtures.artifact("shop", sha("a"), T0)));

        assertThat(handled).isInstanceOfSatisfying(RecordHandler.DeadLettered.class,
                d -> assertThat(d.reason()).contains("the batch failed", "boom"));
    }

    @Test
    void givenARecordThatIsNotAnEvent_whenHandled_thenItIsDeadLetteredAsUndecodable() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.ARTIFACT_PUBLISHED, 0, 1, "shop",
                "{not json".getBytes());

        RecordHandler.Handled handled = handler(intent -> result(intent)).handle(garbage);

        assertThat(handled).isInstanceOf(RecordHandler.DeadLettered.class);
        assertThat(deadLetters).singleElement().asString().contains("undecodable event");
        assertThat(submissions).hasValue(0);
    }

    @Test
    void givenAHealthyRollout_whenHandled_thenItIsIgnored() {
        Event<RolloutHealthy> healthy = Event.of(new RolloutHealthy("shop", "staging", "shop-staging", sha("r"),
                List.of(), sha("t"), sha("t"), 3000, 60_000L, Instant.now())).idFrom("healthy", "x")
                .source("health-verifier").build();

        RecordHandler.Handled handled = handler(intent -> result(intent)).handle(record(healthy));

        assertThat(handled).isInstanceOf(RecordHandler.Ignored.class);
        assertThat(submissions).hasValue(0);
    }

    @Test
    void givenAnEventTheBumperDoesNotActOn_whenHandled_thenItIsDeadLettered() {
        Event<?> changed = Event.of(new io.gitops.events.data.ConfigChanged("shop", "staging", "r", "main", sha("c"),
                null, null, null, io.gitops.events.data.ChangeCause.EXTERNAL, null, null, null, null, null,
                Instant.now())).idFrom("x").source("sync-engine").build();

        RecordHandler.Handled handled = handler(intent -> result(intent)).handle(record(changed));

        assertThat(handled).isInstanceOfSatisfying(RecordHandler.DeadLettered.class,
                d -> assertThat(d.reason()).contains("does not act on io.gitops.config.changed.v1"));
    }
}
