package io.gitops.build.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bounded parallelism: at most {@code maxParallel} pipelines run, at most one per application (its pipelines run
 * in commit order); the rest wait in a FIFO queue. A newer commit on a branch supersedes the older ones of that app
 * and branch still waiting.
 */
public final class PipelineScheduler implements AutoCloseable {

    /** A pipeline to run from a resume point. */
    public record Job(PipelineSpec spec, ResumePoint resume) {
    }

    private final int maxParallel;
    private final Consumer<Job> runner;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final LinkedList<Job> queue = new LinkedList<>();
    private final Set<String> runningApps = new HashSet<>();
    private final Set<String> known = new HashSet<>();
    private int running;
    private boolean closed;

    public PipelineScheduler(int maxParallel, Consumer<Job> runner) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("gitops.build.max-parallel must be at least 1");
        }
        this.maxParallel = maxParallel;
        this.runner = runner;
        this.workers = Executors.newFixedThreadPool(maxParallel, r -> {
            Thread thread = new Thread(r, "pipeline-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pipeline-retry-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Removes and returns the jobs of {@code app} on {@code branch} still waiting (they are superseded). */
    public synchronized List<Job> supersede(String app, String branch) {
        List<Job> superseded = new ArrayList<>();
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (job.spec().appName().equals(app) && job.spec().branch().equals(branch)) {
                it.remove();
                known.remove(job.spec().pipelineId());
                superseded.add(job);
            }
        }
        return superseded;
    }

    public synchronized void enqueue(Job job) {
        if (closed || !known.add(job.spec().pipelineId())) {
            return;
        }
        queue.add(job);
        dispatch();
    }

    /** Enqueues {@code job} again after {@code delayMillis} (the broker was away while it ran). */
    public void enqueueLater(Job job, long delayMillis) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        timer.schedule(() -> enqueue(job), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** True while the pipeline is queued or running here. */
    public synchronized boolean knows(String pipelineId) {
        return known.contains(pipelineId);
    }

    public synchronized int queued() {
        return queue.size();
    }

    public synchronized int running() {
        return running;
    }

    private void dispatch() {
        for (Iterator<Job> it = queue.iterator(); it.hasNext() && running < maxParallel && !closed; ) {
            Job job = it.next();
            if (runningApps.add(job.spec().appName())) {
                it.remove();
                running++;
                workers.execute(() -> {
                    try {
                        runner.accept(job);
                    } finally {
                        finished(job);
                    }
                });
            }
        }
    }

    private synchronized void finished(Job job) {
        running--;
        runningApps.remove(job.spec().appName());
        known.remove(job.spec().pipelineId());
        dispatch();
    }

    /** Stops dispatching and interrupts running pipelines; they stay unfinished on the topic and resume on start. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
