package io.gitops.health.verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.model.AppEnv;
import io.gitops.kit.RecentIds;

/**
 * What the verifier remembers per (app, env), rebuilt from {@code gitops.rollout.v1} itself: the last revision judged
 * healthy and its image tag (named by a failed verdict as what to go back to), since when the app has been failing
 * (for the time to restore), and a rollout that was being watched but has no verdict yet (taken over after a
 * restart). Events are applied in the order of their time per (app, env); repeats and older events are ignored, so
 * applying the verifier's own verdict directly and again when it is read back is harmless.
 */
public final class RolloutLedger {

    /** The last healthy revision of an (app, env). */
    public record LastHealthy(String revision, String tag, Instant at) {
    }

    /** A rollout with a {@code progressing} event and no verdict yet. */
    public record Pending(AppEnv appEnv, String namespace, String revision, List<String> images, String causeEventId,
                          String correlationId, Instant startedAt, int partition) {
    }

    /** Told when a {@code progressing} event is applied (another replica may have started watching). */
    @FunctionalInterface
    public interface ProgressingListener {
        void progressing(AppEnv appEnv, String causeEventId, Instant at);
    }

    private record State(LastHealthy lastHealthy, Instant failingSince, Pending pending, Instant lastEventTime) {
        static final State EMPTY = new State(null, null, null, null);
    }

    private final Map<AppEnv, State> states = new HashMap<>();
    private final RecentIds applied;
    private final List<ProgressingListener> listeners = new CopyOnWriteArrayList<>();

    public RolloutLedger(int rememberedIds) {
        this.applied = new RecentIds(rememberedIds);
    }

    public void onProgressing(ProgressingListener listener) {
        listeners.add(listener);
    }

    /**
     * Applies one event of the rollout topic read from {@code partition}; returns whether it changed anything.
     */
    public boolean apply(Event<?> event, int partition) {
        AppEnv appEnv;
        synchronized (this) {
            if (!applied.firstTime(event.id())) {
                return false;
            }
            appEnv = appEnvOf(event);
            if (appEnv == null) {
                return false;
            }
            State state = states.getOrDefault(appEnv, State.EMPTY);
            if (state.lastEventTime() != null && event.time().isBefore(state.lastEventTime())) {
                return false;
            }
            states.put(appEnv, next(state, event, appEnv, partition));
        }
        if (event.data() instanceof RolloutProgressing) {
            listeners.forEach(l -> l.progressing(appEnv, event.causationId(), event.time()));
        }
        return true;
    }

    private static AppEnv appEnvOf(Event<?> event) {
        if (event.data() instanceof RolloutProgressing p) {
            return new AppEnv(p.app(), p.env());
        }
        if (event.data() instanceof RolloutHealthy h) {
            return new AppEnv(h.app(), h.env());
        }
        if (event.data() instanceof RolloutFailed f) {
            return new AppEnv(f.app(), f.env());
        }
        return null;
    }

    private static State next(State state, Event<?> event, AppEnv appEnv, int partition) {
        if (event.data() instanceof RolloutProgressing p) {
            return new State(state.lastHealthy(), state.failingSince(), new Pending(appEnv, p.namespace(),
                    p.revision(), p.images(), event.causationId(), event.correlationId(), p.startedAt(), partition),
                    event.time());
        }
        if (event.data() instanceof RolloutHealthy h) {
            return new State(new LastHealthy(h.revision(), h.imageTag(), h.healthyAt()), null,
                    concluded(state.pending(), event, h.revision()), event.time());
        }
        RolloutFailed f = (RolloutFailed) event.data();
        return new State(state.lastHealthy(), state.failingSince() == null ? f.failedAt() : state.failingSince(),
                concluded(state.pending(), event, f.revision()), event.time());
    }

    /** The pending rollout, unless this verdict concludes it. */
    private static Pending concluded(Pending pending, Event<?> verdict, String revision) {
        if (pending == null) {
            return null;
        }
        boolean same = verdict.causationId() != null ? verdict.causationId().equals(pending.causeEventId())
                : pending.revision().equals(revision);
        return same ? null : pending;
    }

    public synchronized Optional<LastHealthy> lastHealthy(AppEnv appEnv) {
        return Optional.ofNullable(states.getOrDefault(appEnv, State.EMPTY).lastHealthy());
    }

    /** Since when the app has been failing (first failed verdict after its last healthy one), if it is. */
    public synchronized Optional<Instant> failingSince(AppEnv appEnv) {
        return Optional.ofNullable(states.getOrDefault(appEnv, State.EMPTY).failingSince());
    }

    /** Rollouts being watched without a verdict yet, by anyone. */
    public synchronized List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        states.values().stream().map(State::pending).filter(Objects::nonNull).forEach(out::add);
        return out;
    }

    public synchronized Optional<Pending> pending(AppEnv appEnv) {
        return Optional.ofNullable(states.getOrDefault(appEnv, State.EMPTY).pending());
    }

    public synchronized int size() {
        return states.size();
    }
}
