package io.gitops.sandbox.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment controller's scaling decisions for one sync, as in Kubernetes: RollingUpdate scales the new
 * ReplicaSet up within {@code maxSurge} and the old ones down within {@code maxUnavailable} (unhealthy old replicas
 * first); Recreate scales the old ones to zero and the new one up once their pods are gone.
 */
public final class RollingUpdate {

  /** One ReplicaSet: its name, spec.replicas, existing pods, and available pods. */
  public record Replicas(String name, int spec, int actual, int available) {
  }

  private RollingUpdate() {
  }

  /** The new spec.replicas per ReplicaSet name ({@code olds} oldest first). */
  public static Map<String, Integer> plan(int desired, int maxSurge, int maxUnavailable, Replicas newRs,
      List<Replicas> olds, boolean recreate) {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put(newRs.name(), newRs.spec());
    olds.forEach(o -> out.put(o.name(), o.spec()));
    if (olds.stream().allMatch(o -> o.spec() == 0 && o.actual() == 0)) {
      out.put(newRs.name(), desired);
      return out;
    }
    if (recreate) {
      olds.forEach(o -> out.put(o.name(), 0));
      return out;
    }
    int all = newRs.spec() + olds.stream().mapToInt(Replicas::spec).sum();
    int newSpec = newRs.spec();
    if (newSpec > desired) {
      newSpec = desired;
    } else if (all < desired + maxSurge) {
      newSpec += Math.min(desired + maxSurge - all, desired - newSpec);
    }
    out.put(newRs.name(), newSpec);

    int minAvailable = desired - maxUnavailable;
    int allAfterScaleUp = newSpec + olds.stream().mapToInt(Replicas::spec).sum();
    int newUnavailable = Math.max(0, newSpec - newRs.available());
    int maxScaledDown = allAfterScaleUp - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return out;
    }
    int cleaned = 0;
    for (Replicas old : olds) {
      int unhealthy = Math.max(0, old.spec() - old.available());
      int down = Math.min(maxScaledDown - cleaned, unhealthy);
      if (down > 0) {
        out.put(old.name(), old.spec() - down);
        cleaned += down;
      }
    }
    int available = newRs.available() + olds.stream().mapToInt(o -> Math.min(o.available(), out.get(o.name())))
        .sum();
    int healthyScaleDown = Math.min(maxScaledDown - cleaned, available - minAvailable);
    for (Replicas old : olds) {
      if (healthyScaleDown <= 0) {
        break;
      }
      int current = out.get(old.name());
      int down = Math.min(current, healthyScaleDown);
      out.put(old.name(), current - down);
      healthyScaleDown -= down;
    }
    return out;
  }

  /** Resolves an int-or-percent (e.g. "25%") against a total, rounding up or down. */
  public static int resolve(IntOrString value, String fallback, int total, boolean roundUp) {
    if (value != null && value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value != null && value.getStrVal() != null ? value.getStrVal() : fallback;
    if (!s.endsWith("%")) {
      return Integer.parseInt(s.trim());
    }
    double exact = Integer.parseInt(s.substring(0, s.length() - 1).trim()) * total / 100.0;
    return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
  }
}
