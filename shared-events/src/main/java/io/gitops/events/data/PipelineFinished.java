package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code io.gitops.pipeline.finished.v1}: the pipeline's outcome; on failure the stage and the reason. */
public record PipelineFinished(
        String pipelineId,
        String app,
        String commit,
        PipelineOutcome outcome,
        String failedStage,
        String reason,
        String image,
        long durationMs,
        Instant finishedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }
}
