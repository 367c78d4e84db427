package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.sync.failed.v1}: revision {@code revision} was not applied; the cluster keeps what ran. */
public record SyncFailed(
        String app,
        String env,
        String namespace,
        String revision,
        SyncFailureReason reason,
        String error,
        SyncTrigger trigger,
        Instant failedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
