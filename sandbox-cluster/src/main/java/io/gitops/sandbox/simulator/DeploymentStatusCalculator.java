package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A Deployment's status the way the Deployment controller computes it: replica counts (zeros omitted, as the API
 * server's JSON does), {@code observedGeneration}, and the {@code Available} and {@code Progressing} conditions with
 * their reasons (NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded,
 * DeploymentPaused, DeploymentResumed; MinimumReplicasAvailable / MinimumReplicasUnavailable).
 */
public final class DeploymentStatusCalculator {

  /** The counts the status is computed from. */
  public record Counts(int desired, int replicas, int updated, int ready, int available, int totalSpec,
      int maxUnavailable) {
  }

  /** What the sync did and knows. {@code newReplicaSet} is null while paused before one exists. */
  public record Input(long generation, boolean paused, String newReplicaSet, boolean createdNewReplicaSet,
      Counts counts, JsonNode previousStatus, Instant lastProgress, Duration progressDeadline) {
  }

  /** The status, when progress was last seen, and when to look again for a deadline. */
  public record Result(ObjectNode status, Instant lastProgress, Optional<Instant> deadline) {
  }

  public static final String PROGRESSING = "Progressing";
  public static final String AVAILABLE = "Available";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DeploymentStatusCalculator() {
  }

  public static Result calculate(Input in, Instant now) {
    Counts c = in.counts();
    JsonNode previous = in.previousStatus();
    ObjectNode status = JSON.objectNode();
    status.put("observedGeneration", in.generation());
    putNonZero(status, "replicas", c.replicas());
    putNonZero(status, "updatedReplicas", c.updated());
    putNonZero(status, "readyReplicas", c.ready());
    putNonZero(status, "availableReplicas", c.available());
    putNonZero(status, "unavailableReplicas", Math.max(0, c.totalSpec() - c.available()));

    String time = PodLifecycle.timestamp(now);
    ArrayNode conditions = status.putArray("conditions");
    boolean minimumAvailable = c.available() >= c.desired() - c.maxUnavailable();
    conditions.add(minimumAvailable
        ? condition(previous, AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.",
            time, false)
        : condition(previous, AVAILABLE, "False", "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.", time, false));

    JsonNode before = find(previous, PROGRESSING);
    String beforeReason = before == null ? "" : before.path("reason").asText();
    boolean newGeneration = previous.path("observedGeneration").asLong(0) != in.generation();
    boolean complete = in.newReplicaSet() != null && c.updated() == c.desired() && c.replicas() == c.desired()
        && c.available() == c.desired();
    boolean progressed = progressed(previous, c) || newGeneration;
    String rs = "ReplicaSet \"" + in.newReplicaSet() + "\"";
    Instant lastProgress = in.lastProgress() == null ? now : in.lastProgress();
    ObjectNode progressing;
    if (in.paused()) {
      progressing = condition(previous, PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused", time,
          false);
    } else if ("DeploymentPaused".equals(beforeReason)) {
      progressing = condition(previous, PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed", time,
          true);
      lastProgress = now;
    } else if (complete) {
      progressing = condition(previous, PROGRESSING, "True", "NewReplicaSetAvailable",
          rs + " has successfully progressed.", time, false);
    } else if (in.createdNewReplicaSet()) {
      progressing = condition(previous, PROGRESSING, "True", "NewReplicaSetCreated",
          "Created new replica set \"" + in.newReplicaSet() + "\"", time, true);
      lastProgress = now;
    } else if (progressed) {
      progressing = condition(previous, PROGRESSING, "True", "ReplicaSetUpdated", rs + " is progressing.", time,
          true);
      lastProgress = now;
    } else if (!"ProgressDeadlineExceeded".equals(beforeReason) && !"NewReplicaSetAvailable".equals(beforeReason)
        && !now.isBefore(lastProgress.plus(in.progressDeadline()))) {
      progressing = condition(previous, PROGRESSING, "False", "ProgressDeadlineExceeded",
          rs + " has timed out progressing.", time, true);
    } else if (before != null) {
      progressing = ((ObjectNode) before).deepCopy();
    } else {
      progressing = condition(previous, PROGRESSING, "True", "ReplicaSetUpdated", rs + " is progressing.", time,
          true);
      lastProgress = now;
    }
    conditions.add(progressing);
    boolean waitingForDeadline = !in.paused() && !complete && "True".equals(progressing.path("status").asText());
    Optional<Instant> deadline = waitingForDeadline ? Optional.of(lastProgress.plus(in.progressDeadline()))
        : Optional.empty();
    return new Result(status, lastProgress, deadline);
  }

  private static boolean progressed(JsonNode previous, Counts c) {
    int oldUpdated = previous.path("updatedReplicas").asInt(0);
    int oldOld = previous.path("replicas").asInt(0) - oldUpdated;
    int newOld = c.replicas() - c.updated();
    return c.updated() > oldUpdated || newOld < oldOld || c.ready() > previous.path("readyReplicas").asInt(0)
        || c.available() > previous.path("availableReplicas").asInt(0);
  }

  private static void putNonZero(ObjectNode status, String field, int value) {
    if (value != 0) {
      status.put(field, value);
    }
  }

  /** A condition; keeps the previous times when status and reason are unchanged (unless {@code touch}). */
  private static ObjectNode condition(JsonNode previous, String type, String value, String reason, String message,
      String time, boolean touch) {
    JsonNode before = find(previous, type);
    ObjectNode c = JSON.objectNode();
    c.put("type", type);
    c.put("status", value);
    boolean sameStatus = before != null && value.equals(before.path("status").asText());
    boolean same = sameStatus && reason.equals(before.path("reason").asText());
    c.put("lastUpdateTime", same && !touch ? before.path("lastUpdateTime").asText(time) : time);
    c.put("lastTransitionTime", sameStatus ? before.path("lastTransitionTime").asText(time) : time);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  private static JsonNode find(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return null;
  }
}
