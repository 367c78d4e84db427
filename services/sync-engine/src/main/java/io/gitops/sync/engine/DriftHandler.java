package io.gitops.sync.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.data.DriftedObject;
import io.gitops.sync.cluster.ResourceKind;
import io.gitops.sync.drift.DriftComparator;
import io.gitops.sync.drift.DriftWatcher;
import io.gitops.sync.drift.FieldDrift;
import io.gitops.sync.drift.LiveChange;
import io.gitops.sync.history.RevisionRecord;
import io.gitops.sync.manifest.ObjectKey;
import org.jboss.logging.Logger;

/**
 * Turns a live change of a managed object into drift: compares it with the recorded revision's object, reports
 * {@code DriftDetected} once per live version, and with {@code selfHeal} re-applies the recorded object and reports
 * {@code DriftHealed}. The engine's own writes never count: the comparison ignores fields it still owns.
 */
final class DriftHandler {

    private static final Logger LOG = Logger.getLogger(DriftHandler.class);

    private final EngineParts parts;
    private final DriftComparator comparator;

    DriftHandler(EngineParts parts, DriftComparator comparator) {
        this.parts = parts;
        this.comparator = comparator;
    }

    /** Checks one live change (the caller holds nothing; this takes the app's lock). */
    void onChange(AppState state, LiveChange change) {
        state.lock.lock();
        try {
            check(state, change.key(), Optional.ofNullable(change.deleted() ? null : change.live()),
                    change.live().path("metadata").path("resourceVersion").asText(""));
        } finally {
            state.lock.unlock();
        }
    }

    /** Compares every object of the running revision with the informer caches (after a start or a takeover). */
    void audit(AppState state) {
        Optional<DriftWatcher> watcher = parts.watcher().get();
        Optional<RevisionRecord> running = state.current();
        if (watcher.isEmpty() || running.isEmpty()) {
            return;
        }
        parts.watchKinds(running.get().objects());
        for (ObjectNode applied : running.get().objects()) {
            ObjectKey key = ObjectKey.of(applied);
            ResourceKind kind = parts.api().kind(key);
            if (!watcher.get().isWatching(kind, key.namespace())) {
                continue;
            }
            Optional<ObjectNode> live = watcher.get().cached(kind, key);
            check(state, key, live, live.map(l -> l.path("metadata").path("resourceVersion").asText(""))
                    .orElse("absent"));
        }
    }

    private void check(AppState state, ObjectKey key, Optional<ObjectNode> live, String liveVersion) {
        Optional<RevisionRecord> running = state.current();
        Optional<ObjectNode> applied = state.applied(key);
        if (running.isEmpty() || applied.isEmpty()) {
            return;
        }
        List<FieldDrift> drifts = live.isEmpty()
                ? List.of(new FieldDrift(FieldDrift.DELETED, FieldDrift.UNKNOWN_MANAGER))
                : comparator.compare(applied.get(), live.get());
        if (drifts.isEmpty()) {
            state.reportedDrift.remove(key);
            return;
        }
        String version = (live.isEmpty() ? "deleted:" : "") + liveVersion;
        if (version.equals(state.reportedDrift.get(key))) {
            return;
        }
        state.reportedDrift.put(key, version);
        AppTarget t = state.target;
        RevisionRecord record = running.get();
        ObjectKey appliedKey = ObjectKey.of(applied.get());
        List<DriftedObject> objects = new ArrayList<>();
        for (FieldDrift drift : drifts) {
            objects.add(new DriftedObject(appliedKey.apiVersion(), appliedKey.kind(), appliedKey.namespace(),
                    appliedKey.name(), drift.fieldPath(), drift.manager()));
        }
        boolean selfHeal = t.policy().selfHeal();
        LOG.infof("drift in %s: %s %s", t.key(), appliedKey, drifts);
        parts.events().driftDetected(t, record.revision(), objects, selfHeal, version, record.sourceCommit());
        parts.metrics().driftDetected(1);
        if (!selfHeal) {
            return;
        }
        try {
            parts.api().apply(applied.get());
            parts.events().driftHealed(t, record.revision(), objects, version, record.sourceCommit());
            parts.metrics().driftHealed(1);
        } catch (RuntimeException e) {
            state.reportedDrift.remove(key);
            LOG.warnf("could not heal %s in %s: %s", appliedKey, t.key(), e.getMessage());
        }
    }
}
