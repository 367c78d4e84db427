package io.gitops.events.data;

/**
 * What made the build-orchestrator queue a pipeline: a push webhook, or the reconciler that found a branch head no
 * webhook announced (a missed delivery). Readers treat an unknown value as "other", and a missing one (events written
 * before the field existed) as {@link #WEBHOOK}.
 */
public enum PipelineTrigger {
    WEBHOOK,
    RECONCILE
}
