package io.gitops.build.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gitops.build.testing.Apps;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineSchedulerTest {

    final CountDownLatch release = new CountDownLatch(1);
    final Set<String> started = ConcurrentHashMap.newKeySet();
    final PipelineScheduler scheduler = new PipelineScheduler(2, job -> {
        started.add(job.spec().pipelineId());
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    });

    static PipelineScheduler.Job job(String app, String commit) {
        PipelineSpec spec = new PipelineSpec(PipelineIds.of(app, commit), Apps.app(app, "acme/" + app),
                "acme/" + app, "main", commit, null, "u", "w", null, java.time.Instant.now());
        return new PipelineScheduler.Job(spec, ResumePoint.fromStart());
    }

    @AfterEach
    void stop() {
        release.countDown();
        scheduler.close();
    }

    @Test
    void givenMorePipelinesThanSlots_whenEnqueued_thenAtMostMaxParallelRunAndOnePerApp() {
        scheduler.enqueue(job("a", "1".repeat(40)));
        scheduler.enqueue(job("a", "2".repeat(40)));
        scheduler.enqueue(job("b", "1".repeat(40)));
        scheduler.enqueue(job("c", "1".repeat(40)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).containsExactlyInAnyOrder(PipelineIds.of("a", "1".repeat(40)), PipelineIds.of("b",
                "1".repeat(40)));
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.queued()).isEqualTo(2);
    }

    @Test
    void givenOlderCommitsWaitingForAnApp_whenANewerOneSupersedesThem_thenTheyLeaveTheQueue() {
        scheduler.enqueue(job("a", "1".repeat(40)));
        scheduler.enqueue(job("a", "2".repeat(40)));
        scheduler.enqueue(job("a", "3".repeat(40)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);

        List<PipelineScheduler.Job> superseded = scheduler.supersede("a", "main");

        assertThat(superseded).extracting(j -> j.spec().commit()).containsExactly("2".repeat(40), "3".repeat(40));
        assertThat(scheduler.queued()).isZero();
        assertThat(scheduler.knows(PipelineIds.of("a", "1".repeat(40)))).isTrue();
        assertThat(scheduler.knows(PipelineIds.of("a", "2".repeat(40)))).isFalse();
    }

    @Test
    void givenAPipelineAlreadyQueued_whenEnqueuedAgain_thenItIsQueuedOnce() {
        scheduler.enqueue(job("a", "1".repeat(40)));
        scheduler.enqueue(job("a", "2".repeat(40)));
        scheduler.enqueue(job("a", "2".repeat(40)));

        assertThat(scheduler.queued()).isEqualTo(1);
    }

    @Test
    void givenRunningPipelines_whenTheyFinish_thenTheWaitingOnesStart() {
        scheduler.enqueue(job("a", "1".repeat(40)));
        scheduler.enqueue(job("a", "2".repeat(40)));

        release.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2
                && scheduler.running() == 0);
    }
}
