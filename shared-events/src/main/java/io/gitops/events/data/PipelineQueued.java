package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.pipeline.queued.v1}: a pipeline was created for (app, commit).
 *
 * @param trigger what queued it (optional, added within v1: null in events written before it existed)
 */
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
        Instant queuedAt,
        PipelineTrigger trigger) implements EventData {

    /** A pipeline without a recorded trigger (the shape before {@code trigger} was added). */
    public PipelineQueued(String pipelineId, String app, String sourceRepo, String branch, String commit,
                          Instant commitTime, List<String> stages, String executor, String supersedes,
                          Instant queuedAt) {
        this(pipelineId, app, sourceRepo, branch, commit, commitTime, stages, executor, supersedes, queuedAt, null);
    }

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }
}
