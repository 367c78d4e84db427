package io.gitops.events.data;

/**
 * An application's {@code health} settings from its {@code app.yaml}, as the sync engine read them with the revision
 * it applied: how long the rollout may take and how long the converged state must hold before it counts as healthy.
 */
public record AppHealth(int timeoutSeconds, int minStableSeconds) {
}
