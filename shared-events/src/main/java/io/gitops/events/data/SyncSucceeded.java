package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.sync.succeeded.v1}: the live state of (app, env) now matches config revision {@code revision}.
 * {@code changed} is false when nothing had to be applied (the cluster already ran exactly this). {@code health} is
 * the app's {@code health} settings from the {@code app.yaml} of that revision (optional, added within v1: null
 * from older writers).
 */
public record SyncSucceeded(
        String app,
        String env,
        String namespace,
        String revision,
        String previousRevision,
        String manifestDigest,
        List<String> images,
        String sourceCommit,
        Instant sourceCommitTime,
        int objectsApplied,
        int objectsPruned,
        boolean changed,
        long durationMs,
        SyncTrigger trigger,
        Instant syncedAt,
        AppHealth health) implements EventData {

    /** Without the health settings (as written before {@code health} was added). */
    public SyncSucceeded(String app, String env, String namespace, String revision, String previousRevision,
                         String manifestDigest, List<String> images, String sourceCommit, Instant sourceCommitTime,
                         int objectsApplied, int objectsPruned, boolean changed, long durationMs, SyncTrigger trigger,
                         Instant syncedAt) {
        this(app, env, namespace, revision, previousRevision, manifestDigest, images, sourceCommit, sourceCommitTime,
                objectsApplied, objectsPruned, changed, durationMs, trigger, syncedAt, null);
    }

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
