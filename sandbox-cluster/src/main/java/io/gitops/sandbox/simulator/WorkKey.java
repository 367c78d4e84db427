package io.gitops.sandbox.simulator;

/** One unit of simulator work: reconcile a workload, or tick a pod. */
public record WorkKey(Kind kind, String namespace, String name) {

  /** What the key names. */
  public enum Kind {
    DEPLOYMENT, STATEFULSET, REPLICASET, POD, ALL_PODS, FORGET
  }

  public static WorkKey deployment(String namespace, String name) {
    return new WorkKey(Kind.DEPLOYMENT, namespace, name);
  }

  public static WorkKey statefulSet(String namespace, String name) {
    return new WorkKey(Kind.STATEFULSET, namespace, name);
  }

  /** Reconcile the Deployment that controls this ReplicaSet. */
  public static WorkKey replicaSet(String namespace, String name) {
    return new WorkKey(Kind.REPLICASET, namespace, name);
  }

  public static WorkKey pod(String namespace, String name) {
    return new WorkKey(Kind.POD, namespace, name);
  }

  /** Forget the state kept for a deleted Deployment (by uid). */
  public static WorkKey forget(String uid) {
    return new WorkKey(Kind.FORGET, "", uid);
  }

  public static WorkKey allPods() {
    return new WorkKey(Kind.ALL_PODS, "", "");
  }
}
