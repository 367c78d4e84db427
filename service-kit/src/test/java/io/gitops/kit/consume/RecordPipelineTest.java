package io.gitops.kit.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.kit.Outcome;
import io.gitops.kit.PermanentException;
import io.gitops.kit.PublishException;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.gitops.kit.lifecycle.StartupGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class RecordPipelineTest {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    final List<String> deadLetters = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ConsumerMetrics metrics = new ConsumerMetrics(registry, "test-service", List.of(Topics.ROLLOUT));

    RecordPipeline pipeline(RecordPipeline.Handler handler) {
        return RecordPipeline.builder()
                .handler(event -> {
                    calls.incrementAndGet();
                    return handler.handle(event);
                })
                .deadLetters((record, reason) -> deadLetters.add(record.topic() + ": " + reason))
                .metrics(metrics)
                .dedupe(new RecentIds(100))
                .retry(new Retry(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .sleeper(sleeps::add)
                .build();
    }

    static Event<RolloutHealthy> event(String id) {
        return Event.of(new RolloutHealthy("shop", "staging", "shop-staging", SHA, List.of("shop:" + SHA), SHA, SHA,
                10, null, Instant.parse("2026-12-01T00:00:00Z"))).id(id).source("health-verifier")
                .correlationId(SHA).build();
    }

    static ConsumerRecord<String, byte[]> record(Event<?> event) {
        ProducerRecord<String, byte[]> produced = EventCodec.toRecord(event);
        return new ConsumerRecord<>(produced.topic(), 0, 7, 0L, TimestampType.CREATE_TIME, 0, 0, produced.key(),
                produced.value(), produced.headers(), Optional.empty());
    }

    double deadLetterCount(DeadLetterReason reason) {
        return metrics.deadLetterCount(Topics.ROLLOUT, reason);
    }

    @Test
    void givenAHandlerThatSucceeds_whenHandled_thenDoneWithItsValueAndNoRetryOrDeadLetter() {
        RecordPipeline pipeline = pipeline(event -> Outcome.success("watched"));

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done("watched"));
        assertThat(deadLetters).isEmpty();
        assertThat(sleeps).isEmpty();
        assertThat(registry.get(ConsumerMetrics.RECORDS).tag("result", "handled").counter().count()).isEqualTo(1);
    }

    @Test
    void givenAnEventHandledBefore_whenItComesAgain_thenItIsADuplicateAndTheHandlerIsNotCalled() {
        RecordPipeline pipeline = pipeline(event -> Outcome.success(null));
        pipeline.handle(record(event("e1")));

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Duplicate("e1"));
        assertThat(calls).hasValue(1);
        assertThat(metrics.duplicateCount(Topics.ROLLOUT)).isEqualTo(1);
    }

    @Test
    void givenARecordThatIsNotACloudEvent_whenHandled_thenDeadLetteredAsUndecodableWithoutCallingTheHandler() {
        RecordPipeline pipeline = pipeline(event -> Outcome.success(null));
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.ROLLOUT, 0, 3, 0L,
                TimestampType.CREATE_TIME, 0, 0, "shop/staging", "{".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Optional.empty());

        Handled handled = pipeline.handle(garbage);

        assertThat(handled).isInstanceOf(Handled.DeadLettered.class);
        assertThat(((Handled.DeadLettered) handled).kind()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(deadLetters).singleElement().asString().startsWith(Topics.ROLLOUT + ": undecodable event: ");
        assertThat(calls).hasValue(0);
        assertThat(deadLetterCount(DeadLetterReason.UNDECODABLE)).isEqualTo(1);
    }

    @Test
    void givenATransientFailureThenSuccess_whenHandled_thenRetriedWithBackoffAndDone() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> attempts.incrementAndGet() < 3
                ? Outcome.transientFailure("git host answered 502", null) : Outcome.success("ok"));

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done("ok"));
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isGreaterThanOrEqualTo(sleeps.get(0));
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isEqualTo(2);
    }

    @Test
    void givenAHandlerFailingTransientlyMoreOftenThanTheRetryPolicysMaxAttempts_whenHandled_thenProcessedOnceAndNeverDeadLettered() {
        int failures = 7; // the policy in pipeline() says 3 attempts: it no longer bounds a consumed record
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> attempts.incrementAndGet() <= failures
                ? Outcome.transientFailure("API server answered 503", null) : Outcome.success("applied"));

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done("applied"));
        assertThat(calls).hasValue(failures + 1);
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isEqualTo(failures);
        assertThat(registry.get(ConsumerMetrics.RECORDS).tag("result", "handled").counter().count()).isEqualTo(1);
        assertThat(sleeps).hasSize(failures).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(1200)));
        assertThat(metrics.backingOffCount(Topics.ROLLOUT)).isZero();
    }

    @Test
    void givenAFailureThatNamesARetryAfter_whenItBacksOff_thenItWaitsAtLeastThatLongEvenAboveTheBackoffCap() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> attempts.incrementAndGet() == 1
                ? Outcome.transientFailure("GitHub answered 429", new RateLimited(Duration.ofSeconds(30)))
                : Outcome.success(null));

        pipeline.handle(record(event("e1")));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void givenARetryAfterLongerThanTheCap_whenItBacksOff_thenItWaitsTheCap() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = RecordPipeline.builder()
                .handler(event -> attempts.incrementAndGet() == 1
                        ? Outcome.transientFailure("429", new RateLimited(Duration.ofHours(3))) : Outcome.success(null))
                .deadLetters((record, reason) -> deadLetters.add(reason)).metrics(metrics)
                .retryAfterCap(Duration.ofMinutes(2)).sleeper(sleeps::add).build();

        pipeline.handle(record(event("e1")));

        assertThat(sleeps).containsExactly(Duration.ofMinutes(2));
    }

    @Test
    void givenARecordBackingOff_whenThePipelineIsClosed_thenTheBackoffEndsAndTheRecordIsAbandonedNotDeadLettered()
            throws Exception {
        RecordPipeline pipeline = RecordPipeline.builder()
                .handler(event -> Outcome.transientFailure("git host unreachable", null))
                .deadLetters((record, reason) -> deadLetters.add(reason)).metrics(metrics)
                .retry(new Retry(3, Duration.ofMinutes(10), Duration.ofMinutes(10))).build();
        java.util.concurrent.CompletableFuture<Handled> result = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> pipeline.handle(record(event("e1"))));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.backingOffCount(Topics.ROLLOUT) == 1);

        pipeline.close();

        Handled handled = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(handled).isEqualTo(new Handled.Abandoned("git host unreachable"));
        assertThat(handled.settled()).isFalse();
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.backingOffCount(Topics.ROLLOUT)).isZero();
    }

    /** A transient failure that says when to come back, as an HTTP client's exception would. */
    static final class RateLimited extends RuntimeException implements io.gitops.kit.RetryAfter {
        private final Duration after;

        RateLimited(Duration after) {
            super("rate limited");
            this.after = after;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(after);
        }
    }

    @Test
    void givenAPermanentOutcome_whenHandled_thenDeadLetteredAtOnceWithTheHandlersReason() {
        RecordPipeline pipeline = pipeline(event -> Outcome.permanent("tag latest is not a full commit SHA"));

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.DeadLettered(DeadLetterReason.PERMANENT,
                "tag latest is not a full commit SHA"));
        assertThat(calls).hasValue(1);
        assertThat(deadLetters).containsExactly(Topics.ROLLOUT + ": tag latest is not a full commit SHA");
    }

    @Test
    void givenAHandlerThatThrowsAnUnknownRuntimeException_whenHandled_thenItIsRetriedAsTransient() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> {
            if (attempts.incrementAndGet() <= 4) {
                throw new IllegalStateException("batch failed");
            }
            return Outcome.success(null);
        });

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(calls).hasValue(5);
        assertThat(handled).isEqualTo(new Handled.Done(null));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenAHandlerThatThrowsATerminalException_whenHandled_thenItIsDeadLetteredWithoutRetry() {
        RecordPipeline pipeline = pipeline(event -> {
            throw new PermanentException("image repository is not the app's");
        });

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(calls).hasValue(1);
        assertThat(handled).isEqualTo(new Handled.DeadLettered(DeadLetterReason.PERMANENT,
                "PermanentException: image repository is not the app's"));
    }

    @Test
    void givenAHandlerThatThrowsAConnectionError_whenItRecovers_thenDone() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConnectException("connection refused");
            }
            return Outcome.success(null);
        });

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done(null));
    }

    @Test
    void givenADeadLetteredEvent_whenItIsReplayedLater_thenItIsHandledAgainNotSkippedAsDuplicate() {
        AtomicInteger attempts = new AtomicInteger();
        RecordPipeline pipeline = pipeline(event -> attempts.incrementAndGet() == 1
                ? Outcome.permanent("refused") : Outcome.success(null));
        pipeline.handle(record(event("e1")));

        Handled replayed = pipeline.handle(record(event("e1")));

        assertThat(replayed).isEqualTo(new Handled.Done(null));
    }

    @Test
    void givenAHandlerReturningNull_whenHandled_thenItCountsAsSuccess() {
        RecordPipeline pipeline = pipeline(event -> null);

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done(null));
    }

    @Test
    void givenAServiceThatHasNotStarted_whenARecordArrives_thenEachAttemptWaitsAndTheRecordIsRetriedNotHandled() {
        StartupGate gate = new StartupGate();
        RecordPipeline pipeline = RecordPipeline.builder().handler(event -> {
                    calls.incrementAndGet();
                    return Outcome.success(null);
                })
                .deadLetters((record, reason) -> deadLetters.add(reason)).metrics(metrics)
                .retry(new Retry(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .sleeper(d -> {
                    sleeps.add(d);
                    if (sleeps.size() == 3) {
                        gate.open();
                    }
                })
                .startupGate(gate, Duration.ofMillis(20)).build();

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(sleeps).hasSize(3);
        assertThat(calls).hasValue(1);
        assertThat(handled).isEqualTo(new Handled.Done(null));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenAServiceThatStarted_whenARecordArrives_thenItIsHandled() {
        StartupGate gate = new StartupGate();
        gate.open();
        RecordPipeline pipeline = RecordPipeline.builder().handler(event -> Outcome.success("x"))
                .deadLetters((record, reason) -> deadLetters.add(reason)).metrics(metrics)
                .startupGate(gate, Duration.ofMillis(20)).build();

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.Done("x"));
    }

    @Test
    void givenAHandler_whenItRuns_thenTheLogContextCarriesTheEventsAppEnvCommitAndIdAndIsClearedAfter() {
        List<Object> seen = new ArrayList<>();
        RecordPipeline pipeline = pipeline(event -> {
            seen.add(MDC.get("app"));
            seen.add(MDC.get("env"));
            seen.add(MDC.get("commit"));
            seen.add(MDC.get("eventId"));
            return Outcome.success(null);
        });

        pipeline.handle(record(event("e1")));

        assertThat(seen).containsExactly("shop", "staging", SHA, "e1");
        assertThat(MDC.get("eventId")).isNull();
    }

    @Test
    void givenADeadLetterTheBrokerDoesNotAcknowledgeAtFirst_whenHandled_thenItIsRetriedUntilAcknowledged() {
        AtomicInteger sends = new AtomicInteger();
        RecordPipeline pipeline = RecordPipeline.builder().handler(event -> Outcome.permanent("bad"))
                .deadLetters((record, reason) -> {
                    if (sends.incrementAndGet() <= 2) {
                        throw new PublishException("broker did not acknowledge", null);
                    }
                    deadLetters.add(reason);
                })
                .metrics(metrics).sleeper(sleeps::add).build();

        Handled handled = pipeline.handle(record(event("e1")));

        assertThat(handled).isEqualTo(new Handled.DeadLettered(DeadLetterReason.PERMANENT, "bad"));
        assertThat(deadLetters).containsExactly("bad");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void givenADeadLetterTheBrokerRefusesForGood_whenHandled_thenTheFailurePropagatesSoTheOffsetIsNotCommitted() {
        RecordPipeline pipeline = RecordPipeline.builder().handler(event -> Outcome.permanent("bad"))
                .deadLetters((record, reason) -> {
                    throw new PublishException("refused", new org.apache.kafka.common.errors
                            .TopicAuthorizationException("not authorized to write"));
                })
                .metrics(metrics).sleeper(sleeps::add).build();

        assertThatThrownBy(() -> pipeline.handle(record(event("e1")))).isInstanceOf(PublishException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenABuilderWithoutHandler_whenBuilt_thenItSaysWhatIsMissing() {
        assertThatThrownBy(() -> RecordPipeline.builder().metrics(metrics).deadLetters((r, reason) -> { }).build())
                .isInstanceOf(NullPointerException.class).hasMessage("handler");
    }
}
