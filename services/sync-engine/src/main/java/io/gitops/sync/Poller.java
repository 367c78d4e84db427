package io.gitops.sync;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import io.gitops.events.data.SyncTrigger;
import org.jboss.logging.Logger;

/**
 * Runs full passes in the background, one at a time: the jittered periodic poll (the safety net for missed
 * events), the start-up sync and the sync of partitions taken over in a rebalance.
 */
public final class Poller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final SyncEngine engine;
    private final Duration interval;
    private final double jitter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "sync-poll-timer"));
    private final ExecutorService passes = Executors.newSingleThreadExecutor(r -> daemon(r, "sync-pass"));

    public Poller(SyncEngine engine, Duration interval, double jitter) {
        this.engine = engine;
        this.interval = interval;
        this.jitter = Math.max(0, Math.min(0.9, jitter));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Schedules the periodic poll. */
    public void start() {
        scheduleNext();
    }

    /** The delay before the next poll: the interval ± up to {@code jitter} of it. */
    public Duration nextDelay() {
        double factor = 1 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
        return Duration.ofMillis(Math.max(1, (long) (interval.toMillis() * factor)));
    }

    private void scheduleNext() {
        if (timer.isShutdown()) {
            return;
        }
        timer.schedule(() -> {
            submit((a, e) -> true, SyncTrigger.POLL);
            scheduleNext();
        }, nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues a pass over the owned app/envs that {@code filter} selects. */
    public void submit(BiPredicate<String, String> filter, SyncTrigger trigger) {
        if (passes.isShutdown()) {
            return;
        }
        passes.execute(() -> {
            try {
                int synced = engine.syncWhere(filter, trigger, null).size();
                LOG.debugf("%s pass over %d app/envs done", trigger, synced);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s pass failed", trigger);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        passes.shutdownNow();
    }
}
