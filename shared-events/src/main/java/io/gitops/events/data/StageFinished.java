package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.pipeline.stage.finished.v1}: a stage ended, with each gate's figure (coverage, test counts,
 * SAST status, Dockerfile policy) and, when it failed, the reason and the tail of its output.
 */
public record StageFinished(
        String pipelineId,
        String app,
        String commit,
        String stage,
        int attempt,
        StageOutcome outcome,
        long durationMs,
        List<GateResult> gates,
        TestCounts tests,
        String reason,
        String outputTail,
        Instant finishedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }
}
