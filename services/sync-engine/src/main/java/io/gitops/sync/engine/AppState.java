package io.gitops.sync.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.RevisionRecord;
import io.gitops.sync.manifest.ObjectKey;

/**
 * What the engine knows about one (app, env) while it owns it: its target, its history (loaded once from the
 * store), the inputs it last synced or failed on (so an unchanged poll costs no render), and the drift it already
 * reported. Every operation on one (app, env) holds {@link #lock}, so sync, rollback and self-heal never interleave.
 */
final class AppState {

    final ReentrantLock lock = new ReentrantLock();
    volatile AppTarget target;
    volatile AppHistory history;
    volatile String syncedInputKey;
    volatile String failedInputKey;
    volatile SyncOutcome.Failed lastFailure;
    volatile boolean audited;
    final Map<ObjectKey, String> reportedDrift = new ConcurrentHashMap<>();

    AppState(AppTarget target) {
        this.target = target;
    }

    Optional<RevisionRecord> current() {
        AppHistory h = history;
        return h == null ? Optional.empty() : h.current();
    }

    /** The object of the running revision with this identity (apiVersion may differ within the group). */
    Optional<ObjectNode> applied(ObjectKey key) {
        return current().flatMap(record -> record.objects().stream()
                .filter(o -> {
                    ObjectKey k = ObjectKey.of(o);
                    return k.groupKind().equals(key.groupKind()) && k.name().equals(key.name())
                            && java.util.Objects.equals(k.namespace(), key.namespace());
                })
                .findFirst());
    }
}
