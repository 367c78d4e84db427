package io.gitops.bumper.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collects what arrives within a window into one batch and hands batches, one at a time, to a processor on a single
 * writer thread. The window opens with the first item after a batch; items arriving while a batch is processed go to
 * the next one. Other work (crash recovery, periodic fetches) runs on the same thread, so it never overlaps a batch.
 */
public final class Coalescer<I, R> implements AutoCloseable {

    private final Duration window;
    private final int maxBatch;
    private final Function<List<I>, List<R>> processor;
    private final ScheduledExecutorService writer;
    private final Object lock = new Object();
    private List<Pending<I, R>> pending = new ArrayList<>();
    private boolean scheduled;
    private boolean closed;

    private record Pending<I, R>(I item, CompletableFuture<R> result) {
    }

    public Coalescer(Duration window, int maxBatch, Function<List<I>, List<R>> processor, String threadName) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.window = window;
        this.maxBatch = maxBatch;
        this.processor = processor;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // On close the pending batch is flushed explicitly; a window still scheduled must not hold the shutdown.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.writer = executor;
    }

    /** Adds {@code item} to the open batch; the future completes with its result once the batch is processed. */
    public CompletableFuture<R> submit(I item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(new RejectedExecutionException("the bumper is shutting down"));
                return result;
            }
            pending.add(new Pending<>(item, result));
            if (pending.size() >= maxBatch) {
                writer.execute(this::flush);
            } else if (!scheduled) {
                scheduled = true;
                writer.schedule(this::flush, window.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return result;
    }

    /** Runs {@code task} on the writer thread, between batches. */
    public <T> CompletableFuture<T> run(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, writer);
    }

    /** Runs {@code task} on the writer thread every {@code period}, between batches. */
    public void every(Duration initialDelay, Duration period, Runnable task) {
        writer.scheduleWithFixedDelay(task, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flush() {
        List<Pending<I, R>> batch;
        synchronized (lock) {
            scheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            if (pending.size() <= maxBatch) {
                batch = pending;
                pending = new ArrayList<>();
            } else {
                batch = new ArrayList<>(pending.subList(0, maxBatch));
                pending = new ArrayList<>(pending.subList(maxBatch, pending.size()));
                writer.execute(this::flush);
            }
        }
        try {
            List<R> results = processor.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Whether the writer thread still takes work. */
    public boolean alive() {
        return !writer.isShutdown();
    }

    /** Processes what is pending, then stops the writer thread (bounded by {@code timeout}). */
    public void close(Duration timeout) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            writer.execute(this::flush);
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
