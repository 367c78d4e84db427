package io.gitops.kit.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.kit.Outcome;
import io.gitops.kit.RecentIds;
import io.gitops.kit.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelWorkerTest {

    final ConsumerMetrics metrics = new ConsumerMetrics(new SimpleMeterRegistry(), "test", List.of(Topics.ROLLOUT));
    final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> nacked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> handledIds = new ConcurrentLinkedQueue<>();
    ChannelWorker worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    RecordPipeline pipeline(RecordPipeline.Handler handler) {
        return RecordPipeline.builder().handler(event -> {
                    Outcome<?> outcome = handler.handle(event);
                    if (outcome instanceof Outcome.Success<?>) {
                        handledIds.add(event.id());
                    }
                    return outcome;
                })
                .deadLetters((record, reason) -> { }).metrics(metrics).dedupe(new RecentIds(100))
                .retry(new Retry(3, Duration.ofMillis(5), Duration.ofMillis(20))).build();
    }

    static ConsumerRecord<String, byte[]> record(String id, int partition, long offset) {
        Event<?> event = RecordPipelineTest.event(id);
        ProducerRecord<String, byte[]> produced = EventCodec.toRecord(event);
        return new ConsumerRecord<>(produced.topic(), partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), produced.headers(), Optional.empty());
    }

    CompletionStage<Void> submit(ConsumerRecord<String, byte[]> record) {
        String id = new String(record.headers().lastHeader("ce_id").value());
        return worker.submit(record, () -> {
            acked.add(id);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            nacked.add(id);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void givenOnePartitionRetrying_whenRecordsOfAnotherPartitionArrive_thenTheyAreHandledAndAckedMeanwhile() {
        CountDownLatch outage = new CountDownLatch(1);
        worker = ChannelWorker.perPartition("test", pipeline(event -> event.id().equals("stuck")
                && outage.getCount() > 0 ? Outcome.transientFailure("git host down", null)
                : Outcome.success(null)), 8);

        submit(record("stuck", 0, 1));
        submit(record("after-stuck", 0, 2));
        submit(record("other-1", 1, 1));
        submit(record("other-2", 1, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> acked.containsAll(List.of("other-1", "other-2")));
        assertThat(acked).doesNotContain("stuck", "after-stuck");
        outage.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() == 4);
        assertThat(List.copyOf(handledIds).indexOf("stuck")).isLessThan(List.copyOf(handledIds).indexOf("after-stuck"));
        assertThat(nacked).isEmpty();
    }

    @Test
    void givenTheInFlightBoundReached_whenAnotherRecordIsSubmitted_thenItIsTakenOnlyOnceOneIsSettled() {
        CountDownLatch release = new CountDownLatch(1);
        worker = ChannelWorker.perPartition("test", pipeline(event -> {
            release.await(10, TimeUnit.SECONDS);
            return Outcome.success(null);
        }), 2);

        CompletionStage<Void> first = submit(record("a", 0, 1));
        CompletionStage<Void> second = submit(record("b", 1, 1));

        assertThat(first.toCompletableFuture()).isDone();
        assertThat(second.toCompletableFuture()).isNotDone();
        assertThat(worker.inFlight()).isEqualTo(2);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.toCompletableFuture().isDone());
    }

    @Test
    void givenARecordBackingOff_whenTheWorkerCloses_thenItIsNeitherAckedNorNacked() {
        worker = ChannelWorker.perPartition("test", RecordPipeline.builder()
                .handler(event -> Outcome.transientFailure("API server answered 503", null))
                .deadLetters((record, reason) -> { }).metrics(metrics)
                .retry(new Retry(3, Duration.ofMinutes(5), Duration.ofMinutes(5))).build(), 4);
        submit(record("e1", 0, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.backingOffCount(Topics.ROLLOUT) == 1);

        worker.close();

        assertThat(metrics.backingOffCount(Topics.ROLLOUT)).isZero();
        assertThat(acked).isEmpty();
        assertThat(nacked).isEmpty();
        assertThat(submit(record("late", 0, 2)).toCompletableFuture()).isDone();
        assertThat(acked).isEmpty();
    }

    @Test
    void givenAPipelineThatFails_whenHandled_thenTheMessageIsNacked() {
        worker = ChannelWorker.unordered("test", RecordPipeline.builder().handler(event -> Outcome.permanent("bad"))
                .deadLetters((record, reason) -> {
                    throw new IllegalArgumentException("dead letter refused");
                }).metrics(metrics).build(), 4);

        submit(record("e1", 0, 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> nacked.contains("e1"));
        assertThat(acked).isEmpty();
    }

    @Test
    void givenASmallRyeKafkaMessage_whenSubmitted_thenItsRecordIsHandledAndTheMessageAcked() {
        worker = ChannelWorker.unordered("test", pipeline(event -> Outcome.success(null)), 4);
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ConsumerRecord<String, byte[]> record = record("e1", 0, 1);
        Message<byte[]> message = Message.of(record.value(),
                Metadata.of(new IncomingKafkaRecordMetadata<>(record, "test")), () -> {
                    ack.complete(null);
                    return ack;
                });

        worker.submit(message);

        await().atMost(Duration.ofSeconds(10)).until(ack::isDone);
        assertThat(handledIds).containsExactly("e1");
    }
}
