package io.gitops.events.data;

/** How a pipeline ended. */
public enum PipelineOutcome {
    SUCCEEDED,
    FAILED,
    SUPERSEDED,
    CANCELLED
}
