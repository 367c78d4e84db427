package io.gitops.sync.engine;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.gitops.sync.SyncMetrics;
import io.gitops.sync.SyncSettings;
import io.gitops.sync.apply.Applier;
import io.gitops.sync.apply.Pruner;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.drift.DriftWatcher;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.HistoryStore;
import io.gitops.sync.render.ChartRenderer;

/** The collaborators shared by the engine's steps (sync, rollback, drift). */
record EngineParts(
        SyncSettings settings,
        KubeApi api,
        HistoryStore store,
        ChartRenderer renderer,
        Applier applier,
        Pruner pruner,
        SyncEvents events,
        SyncMetrics metrics,
        Supplier<Optional<DriftWatcher>> watcher,
        Clock clock) {

    /** Loads the (app, env)'s history from the store the first time it is needed. */
    AppHistory history(AppState state) {
        if (state.history == null) {
            AppTarget t = state.target;
            state.history = store.load(t.app(), t.env(), t.namespace());
        }
        return state.history;
    }

    /** Saves the history and keeps it; a store failure leaves the in-memory copy, saved with the next change. */
    void record(AppState state, AppHistory history) {
        state.history = history;
        store.save(history);
    }

    /** Watches the kinds of the objects the (app, env) now runs, in their namespaces, so drift on them is seen. */
    void watchKinds(java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> objects) {
        watcher.get().ifPresent(w -> objects.stream()
                .map(io.gitops.sync.manifest.ObjectKey::of)
                .map(k -> new io.gitops.sync.manifest.ObjectKey(k.apiVersion(), k.kind(), k.namespace(), ""))
                .distinct()
                .forEach(k -> w.watch(api.kind(k), k.namespace())));
    }
}
