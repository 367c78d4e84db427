package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.rollout.progressing.v1}: the health verifier is watching the rollout of {@code revision}. */
public record RolloutProgressing(
        String app,
        String env,
        String namespace,
        String revision,
        List<String> images,
        List<String> workloads,
        Instant startedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
