package io.gitops.sync.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.gitops.config.AppConfig;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.PublishException;
import io.gitops.sync.SyncMetrics;
import io.gitops.sync.SyncSettings;
import io.gitops.sync.apply.Applier;
import io.gitops.sync.apply.Pruner;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.drift.DriftComparator;
import io.gitops.sync.drift.DriftWatcher;
import io.gitops.sync.drift.LiveChange;
import io.gitops.sync.git.ConfigSnapshot;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.HistoryStore;
import io.gitops.sync.manifest.Digests;
import io.gitops.sync.render.ChartRenderer;
import org.jboss.logging.Logger;

/**
 * The state of every (app, env) the engine has seen, each with its lock: runs the sync, rollback and drift steps of
 * one (app, env) on its state under its lock, so they never interleave. {@link io.gitops.sync.SyncEngine} decides
 * what to run when.
 */
public final class AppStates {

    private static final Logger LOG = Logger.getLogger(AppStates.class);

    private final EngineParts parts;
    private final AppSyncer syncer;
    private final Rollbacks rollbacks;
    private final DriftHandler drift;
    private final ConcurrentMap<String, AppState> states = new ConcurrentHashMap<>();

    public AppStates(SyncSettings settings, KubeApi api, HistoryStore store, ChartRenderer renderer, Applier applier,
                     Pruner pruner, SyncEventSink sink, SyncMetrics metrics,
                     Supplier<Optional<DriftWatcher>> watcher, Clock clock, DriftComparator comparator) {
        this.parts = new EngineParts(settings, api, store, renderer, applier, pruner, new SyncEvents(sink, clock),
                metrics, watcher, clock);
        this.drift = new DriftHandler(parts, comparator);
        this.syncer = new AppSyncer(parts, drift);
        this.rollbacks = new Rollbacks(parts);
    }

    public KubeApi api() {
        return parts.api();
    }

    public SyncMetrics metrics() {
        return parts.metrics();
    }

    private AppState state(AppTarget target) {
        AppState state = states.computeIfAbsent(target.key(), k -> new AppState(target));
        if (target.config() != null) {
            state.target = target;
        }
        return state;
    }

    public SyncOutcome sync(ConfigSnapshot snapshot, AppConfig app, AppConfig.EnvironmentConfig env,
                            SyncTrigger trigger, Event<?> cause) {
        AppState state = state(new AppTarget(app.name(), env.name(), env.namespace(), app));
        state.lock.lock();
        try {
            return syncer.sync(snapshot, state, trigger, cause);
        } catch (PublishException e) {
            // the outcome was reached but could not be told: the consumer retries the event (not a sync failure)
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync of %s/%s failed unexpectedly", app.name(), env.name());
            parts.events().failed(state.target, snapshot.commit(), SyncFailureReason.APPLY_FAILED,
                    "unexpected error: " + e, trigger, cause, null);
            return new SyncOutcome.Failed(app.name(), env.name(), snapshot.commit(), SyncFailureReason.APPLY_FAILED,
                    String.valueOf(e.getMessage()));
        } finally {
            state.lock.unlock();
        }
    }

    public RollbackOutcome rollback(AppConfig config, Event<RolloutFailed> event, long receivedNanos) {
        RolloutFailed verdict = event.data();
        String namespace = config == null ? verdict.namespace()
                : config.environment(verdict.env()).map(AppConfig.EnvironmentConfig::namespace)
                .orElse(verdict.namespace());
        AppState state = state(new AppTarget(verdict.app(), verdict.env(), namespace, config));
        state.lock.lock();
        try {
            return rollbacks.rollback(state, event, receivedNanos);
        } finally {
            state.lock.unlock();
        }
    }

    public AppHistory history(String app, String env) {
        AppState state = states.get(app + "/" + env);
        if (state == null) {
            return parts.store().load(app, env, null);
        }
        state.lock.lock();
        try {
            return parts.history(state);
        } finally {
            state.lock.unlock();
        }
    }

    /** The namespaces of the (app, env) of {@code app} this engine has seen. */
    public java.util.Set<String> namespacesOf(String app) {
        java.util.Set<String> namespaces = new java.util.TreeSet<>();
        states.values().forEach(s -> {
            if (s.target.app().equals(app)) {
                namespaces.add(s.target.namespace());
            }
        });
        return namespaces;
    }

    /** Whether this engine has loaded the (app, env) (so a live change can be compared with its revision). */
    public boolean knows(String app, String env) {
        AppState state = states.get(app + "/" + env);
        return state != null && state.history != null;
    }

    public void drift(String app, String env, LiveChange change) {
        AppState state = states.get(app + "/" + env);
        if (state != null) {
            drift.onChange(state, change);
        }
    }

    public void fetchFailed(AppConfig app, AppConfig.EnvironmentConfig env, String error, SyncTrigger trigger,
                            Event<?> cause) {
        AppTarget target = new AppTarget(app.name(), env.name(), env.namespace(), app);
        parts.events().failed(target, null, SyncFailureReason.FETCH_FAILED, error, trigger, cause, null);
        parts.metrics().sync(SyncMetrics.Result.FAILED, SyncFailureReason.FETCH_FAILED.name(), 0);
    }

    /** Reports an unusable app.yaml once per content (again when targeted). */
    public void invalid(ConfigSnapshot snapshot, String app, String env, String error, SyncTrigger trigger,
                        Event<?> cause) {
        AppState known = states.get(app + "/" + env);
        String namespace = known != null ? known.target.namespace() : app + "-" + env;
        AppState state = state(new AppTarget(app, env, namespace, null));
        String key = Digests.ofText(error);
        if (key.equals(state.failedInputKey) && trigger != SyncTrigger.CONFIG_CHANGED) {
            return;
        }
        state.failedInputKey = key;
        state.syncedInputKey = null;
        parts.events().failed(state.target, snapshot.commit(), SyncFailureReason.INVALID_CONFIG, error, trigger,
                cause, null);
        parts.metrics().sync(SyncMetrics.Result.FAILED, SyncFailureReason.INVALID_CONFIG.name(), 0);
    }

    /** The environment directories of an application directory (for apps whose app.yaml cannot be read). */
    public static List<String> environmentsOf(Path root, String appDir) {
        return AppSyncer.environmentsOf(root, appDir);
    }
}
