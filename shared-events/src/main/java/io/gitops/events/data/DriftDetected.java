package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.sync.drift.detected.v1}: live objects were changed by someone other than the sync engine. */
public record DriftDetected(
        String app,
        String env,
        String namespace,
        String revision,
        List<DriftedObject> objects,
        boolean selfHeal,
        Instant detectedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
