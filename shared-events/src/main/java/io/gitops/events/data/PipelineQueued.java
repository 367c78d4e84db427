package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.pipeline.queued.v1}: a pipeline was created for (app, commit). */
public record PipelineQueued(
        String pipelineId,
        String app,
        String sourceRepo,
        String branch,
        String commit,
        Instant commitTime,
        List<String> stages,
        String executor,
        String supersedes,
        Instant queuedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }
}
