package io.gitops.sync.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The safe order to apply objects in: namespaces, CRDs, configuration (ConfigMaps, Secrets, ServiceAccounts, RBAC,
 * storage claims), services, workloads, then everything else (ingresses, autoscalers, custom resources...). Within a
 * rank the order is by kind, namespace and name so that two renders of the same input apply in the same order.
 * Pruning uses the reverse order.
 */
public final class ApplyOrder {

    private static final Map<String, Integer> RANKS = Map.ofEntries(
            Map.entry("Namespace", 0),
            Map.entry("CustomResourceDefinition", 1),
            Map.entry("PriorityClass", 2),
            Map.entry("StorageClass", 2),
            Map.entry("ResourceQuota", 2),
            Map.entry("LimitRange", 2),
            Map.entry("ServiceAccount", 3),
            Map.entry("Secret", 3),
            Map.entry("ConfigMap", 3),
            Map.entry("PersistentVolume", 3),
            Map.entry("PersistentVolumeClaim", 3),
            Map.entry("ClusterRole", 4),
            Map.entry("ClusterRoleBinding", 4),
            Map.entry("Role", 4),
            Map.entry("RoleBinding", 4),
            Map.entry("Service", 5),
            Map.entry("Endpoints", 5),
            Map.entry("DaemonSet", 6),
            Map.entry("Deployment", 6),
            Map.entry("ReplicaSet", 6),
            Map.entry("StatefulSet", 6),
            Map.entry("Job", 6),
            Map.entry("CronJob", 6),
            Map.entry("Pod", 6));
    private static final int REST = 7;

    public static final Comparator<ObjectKey> KEYS = Comparator.<ObjectKey>comparingInt(k -> rank(k.kind()))
            .thenComparing(ObjectKey::kind)
            .thenComparing(k -> k.namespace() == null ? "" : k.namespace())
            .thenComparing(ObjectKey::name);

    public static final Comparator<ObjectNode> OBJECTS = Comparator.comparing(ObjectKey::of, KEYS);

    private ApplyOrder() {
    }

    public static int rank(String kind) {
        return RANKS.getOrDefault(kind, REST);
    }

    public static List<ObjectNode> sorted(List<ObjectNode> objects) {
        return objects.stream().sorted(OBJECTS).toList();
    }
}
