package io.gitops.health.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * What the verifier sees of one application in one namespace at one moment: its workloads (Deployments and
 * StatefulSets carrying the app's labels), the namespace's ReplicaSets and Pods (ownership decides which belong to
 * the app), and the time.
 *
 * @param selector the workloads' label selector as text, for messages ({@code gitops.io/app=shop,gitops.io/env=staging})
 */
public record ClusterSnapshot(String namespace, String selector, List<HasMetadata> workloads,
                              List<ReplicaSet> replicaSets, List<Pod> pods, Instant now) {

    public ClusterSnapshot {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(now, "now");
        selector = selector == null ? "" : selector;
        workloads = List.copyOf(workloads);
        replicaSets = List.copyOf(replicaSets);
        pods = List.copyOf(pods);
    }
}
