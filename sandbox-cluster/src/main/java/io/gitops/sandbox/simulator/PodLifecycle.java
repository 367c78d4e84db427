package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.sandbox.FailureMode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The simulated kubelet's state machine for one pod, one step per tick: scheduled (Pending) → ContainerCreating →
 * started. Once started each container follows its image's {@link FailureMode}: none → running and ready;
 * {@code crashloop} → CrashLoopBackOff with a restart per tick; {@code imagepull} → ErrImagePull then ImagePullBackOff;
 * {@code unready} → running but not ready. A cleared failure heals on the next step.
 */
public final class PodLifecycle {

  /** The next status, and whether another tick is due (a crash loop or a pending pull keeps ticking). */
  public record Step(ObjectNode status, boolean tickAgain) {
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String WAITING = "waiting";
  private static final String RUNNING = "running";
  private static final String REASON = "reason";
  private static final String CONTAINER_CREATING = "ContainerCreating";
  private static final String ERR_IMAGE_PULL = "ErrImagePull";
  private static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
  private static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  private PodLifecycle() {
  }

  /**
   * @param pod the pod as JSON (spec.containers and the current status are read)
   * @param modeFor the failure mode for an image, if any
   */
  public static Step next(JsonNode pod, Function<String, Optional<FailureMode>> modeFor, Instant now) {
    JsonNode status = pod.path("status");
    String time = timestamp(now);
    ObjectNode next = JSON.objectNode();
    if (!status.hasNonNull("phase")) {
      next.put("phase", "Pending");
      ArrayNode conditions = next.putArray("conditions");
      conditions.add(condition("PodScheduled", "True", null, null, status, time));
      next.put("qosClass", "BestEffort");
      return new Step(next, true);
    }
    JsonNode containers = pod.path("spec").path("containers");
    if (!status.has("containerStatuses")) {
      next.put("phase", "Pending");
      List<String> names = new ArrayList<>();
      ArrayNode statuses = JSON.arrayNode();
      for (JsonNode container : containers) {
        names.add(container.path("name").asText());
        ObjectNode cs = containerStatus(container, false, false, 0);
        cs.putObject("state").putObject(WAITING).put(REASON, CONTAINER_CREATING);
        statuses.add(cs);
      }
      next.set("conditions", conditions(status, false, names, time));
      next.set("containerStatuses", statuses);
      next.put("qosClass", "BestEffort");
      next.put("startTime", status.path("startTime").asText(time));
      return new Step(next, true);
    }
    boolean tickAgain = false;
    boolean anyStarted = false;
    List<String> unready = new ArrayList<>();
    ArrayNode statuses = JSON.arrayNode();
    for (JsonNode container : containers) {
      String name = container.path("name").asText();
      JsonNode previous = previousStatus(status, name);
      Optional<FailureMode> mode = modeFor.apply(container.path("image").asText());
      ObjectNode cs = started(container, previous, mode, pod, time);
      String waitingReason = cs.path("state").path(WAITING).path(REASON).asText("");
      tickAgain |= CRASH_LOOP_BACK_OFF.equals(waitingReason) || ERR_IMAGE_PULL.equals(waitingReason);
      anyStarted |= cs.path("state").has(RUNNING) || cs.path("restartCount").asInt() > 0;
      if (!cs.path("ready").asBoolean()) {
        unready.add(name);
      }
      statuses.add(cs);
    }
    next.put("phase", anyStarted ? "Running" : "Pending");
    next.set("conditions", conditions(status, unready.isEmpty(), unready, time));
    next.set("containerStatuses", statuses);
    next.put("qosClass", "BestEffort");
    next.put("startTime", status.path("startTime").asText(time));
    return new Step(next, tickAgain);
  }

  /** Whether a pod's Ready condition is True. */
  public static boolean isReady(JsonNode pod) {
    return readySince(pod).isPresent();
  }

  /** When the pod became ready, if it is ready. */
  public static Optional<Instant> readySince(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
        return Optional.of(Instant.parse(condition.path("lastTransitionTime").asText("1970-01-01T00:00:00Z")));
      }
    }
    return Optional.empty();
  }

  private static ObjectNode started(JsonNode container, JsonNode previous, Optional<FailureMode> mode, JsonNode pod,
      String time) {
    int restarts = previous.path("restartCount").asInt(0);
    JsonNode lastState = previous.path("lastState");
    if (mode.isEmpty() || mode.get() == FailureMode.UNREADY) {
      boolean ready = mode.isEmpty();
      ObjectNode cs = containerStatus(container, ready, true, restarts);
      String startedAt = previous.path("state").path(RUNNING).path("startedAt").asText(time);
      cs.putObject("state").putObject(RUNNING).put("startedAt", startedAt);
      copyLastState(cs, lastState);
      return cs;
    }
    if (mode.get() == FailureMode.IMAGEPULL) {
      String previousReason = previous.path("state").path(WAITING).path(REASON).asText("");
      boolean backOff = ERR_IMAGE_PULL.equals(previousReason) || IMAGE_PULL_BACK_OFF.equals(previousReason);
      String image = container.path("image").asText();
      ObjectNode cs = containerStatus(container, false, false, restarts);
      ObjectNode waiting = cs.putObject("state").putObject(WAITING);
      if (backOff) {
        waiting.put(REASON, IMAGE_PULL_BACK_OFF).put("message", "Back-off pulling image \"" + image + "\"");
      } else {
        waiting.put(REASON, ERR_IMAGE_PULL).put("message", "rpc error: code = NotFound desc = failed to pull and "
            + "unpack image \"" + image + "\": not found (sandbox: image marked imagepull)");
      }
      copyLastState(cs, lastState);
      return cs;
    }
    ObjectNode cs = containerStatus(container, false, false, restarts + 1);
    cs.putObject("state").putObject(WAITING).put(REASON, CRASH_LOOP_BACK_OFF)
        .put("message", "back-off 10s restarting failed container=" + container.path("name").asText() + " pod="
            + pod.path("metadata").path("name").asText());
    ObjectNode terminated = cs.putObject("lastState").putObject("terminated");
    terminated.put("exitCode", 1);
    terminated.put(REASON, "Error");
    terminated.put("startedAt", time);
    terminated.put("finishedAt", time);
    return cs;
  }

  private static void copyLastState(ObjectNode cs, JsonNode lastState) {
    if (lastState.isObject() && !lastState.isEmpty()) {
      cs.set("lastState", lastState.deepCopy());
    } else {
      cs.putObject("lastState");
    }
  }

  private static JsonNode previousStatus(JsonNode status, String name) {
    for (JsonNode cs : status.path("containerStatuses")) {
      if (name.equals(cs.path("name").asText())) {
        return cs;
      }
    }
    return JSON.objectNode();
  }

  private static ObjectNode containerStatus(JsonNode container, boolean ready, boolean started, int restarts) {
    ObjectNode cs = JSON.objectNode();
    cs.put("name", container.path("name").asText());
    cs.put("image", container.path("image").asText());
    cs.put("imageID", "");
    cs.put("ready", ready);
    cs.put("started", started);
    cs.put("restartCount", restarts);
    return cs;
  }

  private static ArrayNode conditions(JsonNode status, boolean ready, List<String> unready, String time) {
    String flag = ready ? "True" : "False";
    String reason = ready ? null : "ContainersNotReady";
    String message = ready ? null : "containers with unready status: [" + String.join(" ", unready) + "]";
    ArrayNode conditions = JSON.arrayNode();
    conditions.add(condition("PodReadyToStartContainers", "True", null, null, status, time));
    conditions.add(condition("Initialized", "True", null, null, status, time));
    conditions.add(condition("Ready", flag, reason, message, status, time));
    conditions.add(condition("ContainersReady", flag, reason, message, status, time));
    conditions.add(condition("PodScheduled", "True", null, null, status, time));
    return conditions;
  }

  private static ObjectNode condition(String type, String value, String reason, String message, JsonNode status,
      String time) {
    ObjectNode c = JSON.objectNode();
    c.put("type", type);
    c.put("status", value);
    String since = time;
    for (JsonNode previous : status.path("conditions")) {
      if (type.equals(previous.path("type").asText()) && value.equals(previous.path("status").asText())) {
        since = previous.path("lastTransitionTime").asText(time);
      }
    }
    c.put("lastTransitionTime", since);
    if (reason != null) {
      c.put("reason", reason);
      c.put("message", message);
    }
    return c;
  }

  static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
