package io.gitops.bumper.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdFirstBatch;
    Coalescer<String, String> coalescer;

    Coalescer<String, String> coalescer(Duration window, int maxBatch) {
        coalescer = new Coalescer<>(window, maxBatch, items -> {
            batches.add(List.copyOf(items));
            if (holdFirstBatch && batches.size() == 1) {
                await(release);
            }
            return items.stream().map(i -> i + " done").toList();
        }, "coalescer-test");
        return coalescer;
    }

    @AfterEach
    void close() {
        release.countDown();
        coalescer.close(Duration.ofSeconds(5));
    }

    @Test
    void givenABurstWithinTheWindow_whenSubmitted_thenItIsProcessedAsOneBatchAndEachGetsItsResult() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofMillis(300), 100);

        List<CompletableFuture<String>> results = List.of(coalescer.submit("a"), coalescer.submit("b"),
                coalescer.submit("c"));

        assertThat(results).extracting(CompletableFuture::join).containsExactly("a done", "b done", "c done");
        assertThat(batches).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void givenABatchBeingProcessed_whenMoreArrive_thenTheyFormTheNextBatch() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofMillis(10), 100);
        holdFirstBatch = true;
        CompletableFuture<String> first = coalescer.submit("first");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);

        CompletableFuture<String> second = coalescer.submit("second");
        CompletableFuture<String> third = coalescer.submit("third");
        release.countDown();

        assertThat(List.of(first.join(), second.join(), third.join())).hasSize(3);
        assertThat(batches).containsExactly(List.of("first"), List.of("second", "third"));
    }

    @Test
    void givenAFullBatch_whenTheLimitIsReached_thenItIsFlushedWithoutWaitingForTheWindow() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofHours(1), 2);

        CompletableFuture<String> result = coalescer.submit("x");
        coalescer.submit("y");

        assertThat(result.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("x done");
        assertThat(batches).containsExactly(List.of("x", "y"));
    }

    @Test
    void givenAProcessorThatFails_whenABatchRuns_thenEveryItemOfItFails() {
        coalescer = new Coalescer<>(Duration.ofMillis(10), 10, items -> {
            throw new IllegalStateException("boom");
        }, "coalescer-test");

        CompletableFuture<String> result = coalescer.submit("a");

        assertThat(result).failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("boom");
    }

    @Test
    void givenAClosedCoalescer_whenSubmitted_thenItIsRejected() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofMillis(10), 10);
        coalescer.close(Duration.ofSeconds(5));

        CompletableFuture<String> result = coalescer.submit("late");

        assertThat(result).isCompletedExceptionally();
        assertThat(catchCause(result)).isInstanceOf(RejectedExecutionException.class);
        assertThat(coalescer.alive()).isFalse();
    }

    @Test
    void givenWorkScheduledOnTheWriter_whenRun_thenItRunsOnTheWriterThread() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofMillis(10), 10);

        String thread = coalescer.run(() -> Thread.currentThread().getName()).join();

        assertThat(thread).isEqualTo("coalescer-test");
    }

    @Test
    void givenAPeriodicTask_whenScheduled_thenItRunsRepeatedly() {
        Coalescer<String, String> coalescer = coalescer(Duration.ofMillis(10), 10);
        CountDownLatch ticks = new CountDownLatch(2);

        coalescer.every(Duration.ofMillis(1), Duration.ofMillis(5), ticks::countDown);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ticks.getCount() == 0);
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
