package io.gitops.health.verdict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;

import io.gitops.events.Event;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.metrics.DoraMeasures;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.Verdict;
import io.gitops.health.watch.Detection;
import io.gitops.health.watch.RolloutWatch;
import io.gitops.health.watch.WorkloadViews;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.PublishException;
import io.gitops.kit.Retry;
import io.gitops.kit.Transience;
import org.jboss.logging.Logger;

/**
 * The verifier's core: one watch per (app, env) at a time. A new revision supersedes the watch of an older one (no
 * verdict for it). A verdict is acted on in order: on failure halt the rollout first, then publish the failed verdict
 * naming the last healthy revision and tag; on health publish the healthy verdict; then remember it and count it
 * for the DORA measures. Everything about one (app, env) happens under its lock, so a verdict and the start of the
 * next watch never interleave.
 *
 * <p>Plain Java: construct it with its {@link Parts} and call {@link #start} per revision. The Quarkus layer only
 * feeds it {@code sync.v1} records.
 */
public final class RolloutVerifier implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RolloutVerifier.class);

    /**
     * What the verifier works with.
     *
     * @param missingGrace   how long a watch waits for a workload to appear before WORKLOAD_MISSING
     * @param publishRetry   bounded retries of a verdict the broker did not acknowledge
     * @param settingsFor    health settings of an app, for watches taken over after a restart
     */
    public record Parts(WorkloadViews views, HealthEvaluator evaluator, Halter halter, RolloutLedger ledger,
                        RolloutEventSink events, HealthMetrics metrics, Duration missingGrace, Retry publishRetry,
                        Retry.Sleeper sleeper, Function<AppEnv, HealthSettings> settingsFor, Clock clock) {
    }

    /** How {@link #start} went. */
    public enum Started {
        /** A watch started and its progressing event was published. */
        WATCHING,
        /** This very request is already being watched (a redelivery). */
        ALREADY_WATCHING
    }

    /**
     * A verdict acted on: the event as published (null when the broker never acknowledged it), what decided it, and
     * the halt (failed verdicts).
     *
     * @param publishedNanos {@link System#nanoTime()} when the broker acknowledged it
     */
    public record Concluded(Event<?> event, Detection detection, Halter.Result halt, long publishedNanos) {
    }

    private record Active(RolloutWatch watch, int partition) {
    }

    private final Parts parts;
    private final DoraMeasures dora;
    private final Map<AppEnv, Active> active = new ConcurrentHashMap<>();
    private final Map<AppEnv, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<Consumer<Concluded>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            daemon("health-verifier-timer"));
    private final ExecutorService actions = Executors.newFixedThreadPool(2, daemon("health-verifier-verdict"));
    private final HeldVerdicts held;

    public RolloutVerifier(Parts parts) {
        this.parts = parts;
        this.dora = new DoraMeasures(parts.metrics());
        this.held = new HeldVerdicts(timers, parts.publishRetry(), this::publishHeldLater);
        parts.metrics().watchesActive(active::size);
        parts.metrics().verdictsUnpublished(held::size);
        parts.ledger().onProgressing(this::progressingSeen);
    }

    /**
     * Hears every verdict acted on: after it was published, and also when the broker did not acknowledge it within
     * the publish retries (with a null event; it is held and heard again once it is published).
     */
    public void onConcluded(Consumer<Concluded> listener) {
        listeners.add(listener);
    }

    /**
     * Starts watching a revision: cancels the watch of an older revision of the same (app, env), opens the view,
     * resumes what this verifier halted earlier (the new or restored revision must be able to roll out), publishes
     * {@code progressing}, then judges.
     *
     * @return success, or the failure classified by {@link Transience}: transient when the API server or the broker
     *         did not answer, permanent when the API server refused for good (e.g. 403 on the namespace)
     */
    public Outcome<Started> start(RolloutRequest request) {
        ReentrantLock lock = lock(request.appEnv());
        lock.lock();
        try (LogContext ignored = LogContext.empty().put(LogContext.APP, request.appEnv().app())
                .put(LogContext.ENV, request.appEnv().env()).put(LogContext.COMMIT, request.correlationId())) {
            Active current = active.get(request.appEnv());
            if (current != null && current.watch().request().causeEventId().equals(request.causeEventId())) {
                return Outcome.success(Started.ALREADY_WATCHING);
            }
            if (current != null) {
                active.remove(request.appEnv());
                current.watch().cancel();
                parts.metrics().superseded(request.appEnv());
                LOG.infof("revision %s supersedes %s: no verdict for the older one", request.shortRevision(),
                        current.watch().request().shortRevision());
            }
            RolloutWatch watch = new RolloutWatch(request, parts.views(), parts.evaluator(), parts.missingGrace(),
                    timers, parts.clock(), detection -> actions.execute(() -> conclude(request, detection)));
            List<String> workloads;
            try {
                workloads = watch.open();
            } catch (WorkloadViews.ViewException e) {
                // what the API server answered decides (no answer or 5xx retries; RBAC refusing the namespace not)
                return Transience.failure(e.getMessage(), e.getCause() == null ? e : e.getCause());
            }
            if (!publishHeld(request.appEnv())) {
                watch.cancel();
                return Outcome.transientFailure("an earlier verdict of " + request.appEnv()
                        + " is not acknowledged by the broker yet", null);
            }
            parts.halter().resume(request.namespace(), watch.workloads(), request.revision())
                    .forEach(ref -> LOG.infof("resumed %s halted by an earlier verdict", ref));
            Event<RolloutProgressing> progressing = RolloutEvents.progressing(request, workloads, watch.startedAt());
            int partition;
            try {
                partition = parts.events().publish(progressing);
            } catch (PublishException e) {
                watch.cancel();
                return Transience.failure(e.getMessage(), e);
            }
            parts.ledger().apply(progressing, partition);
            active.put(request.appEnv(), new Active(watch, partition));
            LOG.infof("watching revision %s (%s) of %s in %s: %s (timeout %s, stable for %s)", request.shortRevision(),
                    request.cause().name().toLowerCase(Locale.ROOT), request.appEnv(), request.namespace(), workloads,
                    request.health().timeout(), request.health().minStable());
            watch.begin();
            return Outcome.success(Started.WATCHING);
        } finally {
            lock.unlock();
        }
    }

    private void conclude(RolloutRequest request, Detection detection) {
        ReentrantLock lock = lock(request.appEnv());
        lock.lock();
        try (LogContext ignored = LogContext.empty().put(LogContext.APP, request.appEnv().app())
                .put(LogContext.ENV, request.appEnv().env()).put(LogContext.COMMIT, request.correlationId())) {
            Active current = active.get(request.appEnv());
            if (current == null || current.watch().request() != request) {
                return;
            }
            active.remove(request.appEnv());
            Instant at = detection.at();
            Halter.Result halt = detection.verdict() instanceof Verdict.Failed failed
                    ? halt(request, failed, detection) : null;
            Event<?> event = detection.verdict() instanceof Verdict.Failed failed
                    ? RolloutEvents.failed(request, failed, halt.halted(),
                            parts.ledger().lastHealthy(request.appEnv()).orElse(null), at)
                    : RolloutEvents.healthy(request, at);
            Optional<Instant> failingSince = parts.ledger().failingSince(request.appEnv());
            Optional<Integer> partition = publish(event);
            if (partition.isEmpty()) {
                parts.metrics().publishFailure();
                LOG.errorf("verdict for revision %s not acknowledged: kept and published again until it is",
                        request.shortRevision());
                long failedNanos = System.nanoTime();
                held.hold(new HeldVerdicts.Held(request, detection, halt, event, failingSince.orElse(null), 1));
                listeners.forEach(l -> l.accept(new Concluded(null, detection, halt, failedNanos)));
                return;
            }
            delivered(request, detection, halt, event, partition.get(), failingSince.orElse(null));
        } catch (RuntimeException e) {
            LOG.errorf(e, "acting on the verdict for revision %s failed", request.shortRevision());
        } finally {
            lock.unlock();
        }
    }

    /** A verdict the broker acknowledged: remembered in the ledger, counted, and told to the listeners. */
    private void delivered(RolloutRequest request, Detection detection, Halter.Result halt, Event<?> event,
                           int partition, Instant failingSince) {
        long publishedNanos = System.nanoTime();
        parts.ledger().apply(event, partition);
        record(request, detection, failingSince, publishedNanos);
        Concluded concluded = new Concluded(event, detection, halt, publishedNanos);
        listeners.forEach(l -> l.accept(concluded));
    }

    /** A held verdict's next attempt is due (timer thread): made on the verdict threads, under its lock. */
    private void publishHeldLater(HeldVerdicts.Held verdict) {
        try {
            actions.execute(() -> {
                ReentrantLock lock = lock(verdict.request().appEnv());
                lock.lock();
                try {
                    // the next revision's start may have published it while this attempt waited for the lock
                    if (held.holds(verdict) && !publishHeld(verdict)) {
                        held.hold(verdict.again());
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "publishing the held verdict for revision %s failed",
                            verdict.request().shortRevision());
                    held.hold(verdict.again());
                } finally {
                    lock.unlock();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: a restart recomputes the verdict
        }
    }

    /** Offers every held verdict of {@code appEnv} to the broker once, oldest first; false at the first refusal. */
    private boolean publishHeld(AppEnv appEnv) {
        for (HeldVerdicts.Held verdict : held.of(appEnv)) {
            if (!publishHeld(verdict)) {
                return false;
            }
        }
        return true;
    }

    /** One attempt at a held verdict (the caller holds its lock); true when the broker took it. */
    private boolean publishHeld(HeldVerdicts.Held verdict) {
        int partition;
        try {
            partition = parts.events().publish(verdict.event());
        } catch (PublishException e) {
            LOG.warnf("held verdict for revision %s still not acknowledged (attempt %d): %s",
                    verdict.request().shortRevision(), verdict.attempts() + 1, e.getMessage());
            return false;
        }
        held.published(verdict);
        LOG.infof("held verdict for revision %s published after %d more attempt(s)",
                verdict.request().shortRevision(), verdict.attempts());
        delivered(verdict.request(), verdict.detection(), verdict.halt(), verdict.event(), partition,
                verdict.failingSince());
        return true;
    }

    private Halter.Result halt(RolloutRequest request, Verdict.Failed failed, Detection detection) {
        if (detection.workloads().isEmpty()) {
            parts.metrics().halt("nothing");
            return new Halter.Result(false, List.of(), List.of());
        }
        Halter.Result result = parts.halter().halt(request.namespace(), detection.workloads(), request.revision());
        parts.metrics().halt(result.halted() ? "halted" : "incomplete");
        LOG.warnf("rollout of revision %s failed (%s): %s; halted %s", request.shortRevision(), failed.reason(),
                failed.message(), result.haltedWorkloads());
        return result;
    }

    private Optional<Integer> publish(Event<?> event) {
        Outcome<Integer> outcome = parts.publishRetry().run(() -> {
            try {
                return Outcome.success(parts.events().publish(event));
            } catch (PublishException e) {
                return Transience.failure(e.getMessage(), e);
            }
        }, parts.sleeper());
        return outcome instanceof Outcome.Success<Integer> s ? Optional.of(s.value()) : Optional.empty();
    }

    private void record(RolloutRequest request, Detection detection, Instant failingSince, long publishedNanos) {
        Duration rollout = Duration.between(request.requestedAt(), detection.at());
        String cause = request.cause().name().toLowerCase(Locale.ROOT);
        if (detection.verdict() instanceof Verdict.Failed failed) {
            parts.metrics().verdict(request.appEnv(), "failed", failed.reason().name(), cause, rollout);
            parts.metrics().detection("failed", publishedNanos - detection.signalNanos());
            dora.failed(request);
            if (request.cause() == RolloutRequest.Cause.RESTORED) {
                parts.metrics().restoreFailure(request.appEnv());
                LOG.errorf("the restored revision %s of %s failed too (%s): it stays halted, its tag is not "
                        + "quarantined; someone has to look", request.shortRevision(), request.appEnv(),
                        failed.reason());
            }
        } else {
            parts.metrics().verdict(request.appEnv(), "healthy", "none", cause, rollout);
            parts.metrics().detection("healthy", publishedNanos - detection.signalNanos());
            dora.healthy(request, detection.at(), failingSince);
            LOG.infof("revision %s is healthy: %s", request.shortRevision(), detection.verdict().message());
        }
    }

    /**
     * Takes over the rollouts that were being watched without a verdict (e.g. before a restart) in the rollout
     * topic's partitions this instance owns (the sync topic has the same keys and partitions).
     */
    public List<RolloutRequest> recover(IntPredicate ownsPartition) {
        List<RolloutRequest> started = new ArrayList<>();
        for (RolloutLedger.Pending pending : parts.ledger().pending()) {
            if (!ownsPartition.test(pending.partition()) || active.containsKey(pending.appEnv())
                    || !held.of(pending.appEnv()).isEmpty()) {
                continue;
            }
            RolloutRequest request = recovered(pending);
            if (parts.publishRetry().run(() -> start(request), parts.sleeper()) instanceof Outcome.Success<Started>) {
                started.add(request);
            } else {
                LOG.warnf("could not take over the rollout of %s revision %s", pending.appEnv(), pending.revision());
            }
        }
        return started;
    }

    private RolloutRequest recovered(RolloutLedger.Pending pending) {
        boolean restore = parts.ledger().failingSince(pending.appEnv()).isPresent()
                && parts.ledger().lastHealthy(pending.appEnv())
                        .map(h -> h.revision().equals(pending.revision())).orElse(false);
        return new RolloutRequest(pending.appEnv(), pending.namespace(), pending.revision(), pending.images(),
                pending.correlationId(), null, pending.startedAt(),
                restore ? RolloutRequest.Cause.RESTORED : RolloutRequest.Cause.APPLIED, pending.causeEventId(),
                pending.correlationId(), parts.settingsFor().apply(pending.appEnv()));
    }

    /** Stops the watches of partitions this instance no longer owns (their new owner takes them over). */
    public void release(IntPredicate partitions) {
        for (Map.Entry<AppEnv, Active> entry : active.entrySet()) {
            if (partitions.test(entry.getValue().partition())) {
                ReentrantLock lock = lock(entry.getKey());
                lock.lock();
                try {
                    if (active.remove(entry.getKey(), entry.getValue())) {
                        entry.getValue().watch().cancel();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Another replica started watching a newer revision of an (app, env) this instance watches: stop ours. */
    private void progressingSeen(AppEnv appEnv, String causeEventId, Instant at) {
        Active current = active.get(appEnv);
        if (current == null || current.watch().request().causeEventId().equals(causeEventId)
                || current.watch().startedAt() == null || !at.isAfter(current.watch().startedAt())) {
            return;
        }
        actions.execute(() -> {
            ReentrantLock lock = lock(appEnv);
            lock.lock();
            try {
                if (active.remove(appEnv, current)) {
                    current.watch().cancel();
                    parts.metrics().superseded(appEnv);
                    LOG.infof("%s: another replica watches a newer revision; stopped watching %s", appEnv,
                            current.watch().request().shortRevision());
                }
            } finally {
                lock.unlock();
            }
        });
    }

    public int activeWatches() {
        return active.size();
    }

    /** The watch of an (app, env), if one is active. */
    public Optional<RolloutWatch> watch(AppEnv appEnv) {
        return Optional.ofNullable(active.get(appEnv)).map(Active::watch);
    }

    public RolloutLedger ledger() {
        return parts.ledger();
    }

    private ReentrantLock lock(AppEnv appEnv) {
        return locks.computeIfAbsent(appEnv, k -> new ReentrantLock());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        active.values().forEach(a -> a.watch().cancel());
        active.clear();
        timers.shutdownNow();
        actions.shutdown();
        try {
            actions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
