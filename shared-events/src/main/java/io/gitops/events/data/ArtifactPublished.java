package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.artifact.published.v1}: an image built from {@code sourceCommit} passed every gate and was pushed;
 * {@code tag} is the full 40-character commit SHA, {@code digest} what the registry reported.
 */
public record ArtifactPublished(
        String app,
        String pipelineId,
        String imageRepository,
        String tag,
        String digest,
        String sourceRepo,
        String branch,
        String sourceCommit,
        Instant commitTime,
        List<GateResult> gates,
        Instant publishedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return app;
    }

    /** The image reference pinned by digest when known, else by tag. */
    @JsonIgnore
    public String imageReference() {
        return digest == null || digest.isBlank()
                ? imageRepository + ":" + tag
                : imageRepository + ":" + tag + "@" + digest;
    }
}
