package io.gitops.health.rules;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * One workload's convergence and its pods split by revision.
 *
 * @param ref         {@code Kind/name}
 * @param convergence {@link Verdict.Healthy} when converged, else {@link Verdict.Progressing} saying what it waits for
 * @param newPods     pods of the workload's current (new) revision: the failure rules look at these
 * @param oldPods     pods of earlier revisions still present
 */
public record WorkloadStatus(String ref, Verdict convergence, List<Pod> newPods, List<Pod> oldPods) {

    public WorkloadStatus {
        if (convergence instanceof Verdict.Failed) {
            throw new IllegalArgumentException("convergence is healthy or progressing, failures come from the rules");
        }
        newPods = List.copyOf(newPods);
        oldPods = List.copyOf(oldPods);
    }
}
