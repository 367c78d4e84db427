package io.gitops.sandbox.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in resource types the sandbox serves, grouped by API group/version. */
public final class ApiResourceCatalog {

  private final List<ApiResource> resources;

  private ApiResourceCatalog(List<ApiResource> resources) {
    this.resources = List.copyOf(resources);
  }

  public static ApiResourceCatalog builtIn() {
    List<ApiResource> r = new ArrayList<>();
    core(r, "pods", "pod", "Pod", true, List.of("po"), true);
    core(r, "services", "service", "Service", true, List.of("svc"), true);
    core(r, "configmaps", "configmap", "ConfigMap", true, List.of("cm"), false);
    core(r, "secrets", "secret", "Secret", true, List.of(), false);
    core(r, "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), false);
    core(r, "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, List.of("pvc"), true);
    core(r, "events", "event", "Event", true, List.of("ev"), false);
    core(r, "endpoints", "endpoints", "Endpoints", true, List.of("ep"), false);
    core(r, "limitranges", "limitrange", "LimitRange", true, List.of("limits"), false);
    core(r, "resourcequotas", "resourcequota", "ResourceQuota", true, List.of("quota"), true);
    core(r, "namespaces", "namespace", "Namespace", false, List.of("ns"), true);
    core(r, "nodes", "node", "Node", false, List.of("no"), true);
    core(r, "persistentvolumes", "persistentvolume", "PersistentVolume", false, List.of("pv"), true);
    r.add(new ApiResource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), true, true));
    r.add(new ApiResource("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), true, true));
    r.add(new ApiResource("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), true, true));
    r.add(new ApiResource("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), true, false));
    r.add(new ApiResource("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true,
        List.of(), false, false));
    r.add(new ApiResource("batch", "v1", "jobs", "job", "Job", true, List.of(), true, false));
    r.add(new ApiResource("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj"), true, false));
    r.add(new ApiResource("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing"), true,
        false));
    r.add(new ApiResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
        List.of("netpol"), false, false));
    r.add(new ApiResource("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false,
        List.of(), false, false));
    r.add(new ApiResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
        List.of("pdb"), true, false));
    r.add(new ApiResource("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
        "HorizontalPodAutoscaler", true, List.of("hpa"), true, false));
    String rbac = "rbac.authorization.k8s.io";
    r.add(new ApiResource(rbac, "v1", "roles", "role", "Role", true, List.of(), false, false));
    r.add(new ApiResource(rbac, "v1", "rolebindings", "rolebinding", "RoleBinding", true, List.of(), false, false));
    r.add(new ApiResource(rbac, "v1", "clusterroles", "clusterrole", "ClusterRole", false, List.of(), false, false));
    r.add(new ApiResource(rbac, "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false,
        List.of(), false, false));
    r.add(new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
        "CustomResourceDefinition", false, List.of("crd", "crds"), true, false));
    return new ApiResourceCatalog(r);
  }

  private static void core(List<ApiResource> r, String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, boolean status) {
    r.add(new ApiResource("", "v1", plural, singular, kind, namespaced, shortNames, status, false));
  }

  /** group/version → resources, in declaration order. */
  public Map<String, List<ApiResource>> byGroupVersion() {
    Map<String, List<ApiResource>> out = new LinkedHashMap<>();
    for (ApiResource resource : resources) {
      out.computeIfAbsent(resource.groupVersion(), k -> new ArrayList<>()).add(resource);
    }
    return out;
  }

  /** The resource with this group (null or "" for core) and plural. */
  public Optional<ApiResource> find(String group, String plural) {
    String g = group == null ? "" : group;
    return resources.stream().filter(r -> r.group().equals(g) && r.plural().equals(plural)).findFirst();
  }

  public List<ApiResource> all() {
    return resources;
  }
}
