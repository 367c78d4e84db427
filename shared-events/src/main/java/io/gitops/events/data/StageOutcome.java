package io.gitops.events.data;

/** How a pipeline stage ended. */
public enum StageOutcome {
    SUCCEEDED,
    FAILED,
    SKIPPED
}
