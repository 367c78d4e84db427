package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.pipeline.stage.started.v1}. */
public record StageStarted(
        String pipelineId,
        String app,
        String commit,
        String stage,
        int attempt,
        Instant startedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }
}
