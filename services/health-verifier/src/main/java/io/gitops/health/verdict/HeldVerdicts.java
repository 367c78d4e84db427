package io.gitops.health.verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.gitops.events.Event;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.watch.Detection;
import io.gitops.kit.Retry;

/**
 * Verdicts acted on (a failed rollout is already halted) whose event the broker did not acknowledge within the
 * publish retries: kept and offered again, with capped exponential backoff ({@code retry.*}, at least
 * {@link #MIN_BACKOFF}), until the broker takes one. Kept in memory: after a restart the rollout is still pending on
 * the rollout topic (its {@code progressing} has no verdict), so its new owner watches it again and recomputes the
 * verdict, and a workload halted at that revision is left halted meanwhile ({@link Halter#resume}).
 */
final class HeldVerdicts {

    static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    /** One verdict not published yet, with what acting on it needs once it is, and the attempts made so far. */
    record Held(RolloutRequest request, Detection detection, Halter.Result halt, Event<?> event,
                Instant failingSince, int attempts) {

        Held again() {
            return new Held(request, detection, halt, event, failingSince, attempts + 1);
        }
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final Retry retry;
    private final Consumer<Held> attempt;

    /** @param attempt offers a held verdict to the broker once more (called on a timer thread) */
    HeldVerdicts(ScheduledExecutorService timers, Retry retry, Consumer<Held> attempt) {
        this.timers = timers;
        this.retry = retry;
        this.attempt = attempt;
    }

    /** Keeps {@code verdict} and offers it again after the backoff of its attempts. */
    void hold(Held verdict) {
        held.put(verdict.event().id(), verdict);
        Duration backoff = retry.backoff(verdict.attempts());
        long delay = Math.max(backoff.toMillis(), MIN_BACKOFF.toMillis());
        try {
            timers.schedule(() -> {
                if (holds(verdict)) {
                    attempt.accept(verdict);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the verifier is closing: a restart recomputes the verdict
        }
    }

    /** Whether {@code verdict} is still the one kept for its event (not published, not replaced by a newer attempt). */
    boolean holds(Held verdict) {
        return held.get(verdict.event().id()) == verdict;
    }

    /** The broker took it. */
    void published(Held verdict) {
        held.remove(verdict.event().id(), verdict);
    }

    /** The held verdicts of one (app, env), oldest first. */
    List<Held> of(AppEnv appEnv) {
        return held.values().stream().filter(h -> h.request().appEnv().equals(appEnv))
                .sorted(java.util.Comparator.comparing(h -> h.detection().at())).toList();
    }

    int size() {
        return held.size();
    }
}
