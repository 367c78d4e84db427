package io.gitops.bumper.artifacts;

import java.util.Locale;

/**
 * Why an {@code artifact.published} was refused (the {@code reason} tag of
 * {@code gitops_bumper_artifacts_refused_total}); every refusal is a dead letter and commits nothing.
 */
public enum Refusal {
    /** {@code ce_source} is not the build-orchestrator. */
    SOURCE,
    /** The tag is not a full 40-hex commit SHA. */
    TAG,
    /** The tag is not the event's source commit. */
    COMMIT,
    /** The image repository is not the one in the app's {@code app.yaml}. */
    REPOSITORY,
    /** No successful {@code pipeline.finished} of the build-orchestrator for the app and commit. */
    PIPELINE,
    /** The registry does not have the tag, or names another digest for it than the event. */
    DIGEST;

    /** The metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
