package io.gitops.sandbox.simulator;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A de-duplicating work queue on one thread, so the simulator's state needs no locking: a key queued twice before it
 * runs runs once. A failed run (e.g. a write conflict) is retried after the retry delay.
 */
public final class WorkQueue implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WorkQueue.class.getName());

  private final ScheduledExecutorService executor;
  private final Set<WorkKey> queued = ConcurrentHashMap.newKeySet();
  private final Consumer<WorkKey> worker;
  private final Duration retryDelay;

  public WorkQueue(Consumer<WorkKey> worker, Duration retryDelay) {
    this.worker = worker;
    this.retryDelay = retryDelay;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandbox-simulator");
      t.setDaemon(true);
      return t;
    });
  }

  public void enqueue(WorkKey key) {
    if (queued.add(key)) {
      submit(() -> {
        queued.remove(key);
        run(key);
      });
    }
  }

  public void enqueueAfter(WorkKey key, Duration delay) {
    try {
      executor.schedule(() -> enqueue(key), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // shutting down: nothing left to simulate
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      // shutting down: nothing left to simulate
    }
  }

  private void run(WorkKey key) {
    try {
      worker.accept(key);
    } catch (RuntimeException e) {
      if (!executor.isShutdown()) {
        LOG.log(Level.FINE, e, () -> "simulator work on " + key + " failed; retrying");
        enqueueAfter(key, retryDelay);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
