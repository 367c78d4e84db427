package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.sync.started.v1}: reconciling (app, env) to config revision {@code revision}. */
public record SyncStarted(
        String app,
        String env,
        String namespace,
        String revision,
        SyncTrigger trigger,
        Instant startedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
