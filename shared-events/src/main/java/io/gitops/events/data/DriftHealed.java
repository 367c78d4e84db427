package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.sync.drift.healed.v1}: drifted objects were re-applied from the recorded revision. */
public record DriftHealed(
        String app,
        String env,
        String namespace,
        String revision,
        List<DriftedObject> objects,
        Instant healedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
