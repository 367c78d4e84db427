package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.sync.rolled-back.v1}: after a failed rollout of {@code failedRevision}, the recorded manifests of
 * {@code revision} (the last healthy one) were re-applied without re-rendering.
 */
public record RolledBack(
        String app,
        String env,
        String namespace,
        String failedRevision,
        String revision,
        String manifestDigest,
        List<String> images,
        int objectsApplied,
        String reason,
        long reactionMs,
        Instant rolledBackAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
