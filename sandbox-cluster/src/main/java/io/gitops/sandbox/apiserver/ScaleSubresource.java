package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The {@code /scale} subresource's view of a workload: an {@code autoscaling/v1 Scale}. */
public final class ScaleSubresource {

  private ScaleSubresource() {
  }

  /** The Scale of a Deployment, ReplicaSet or StatefulSet. */
  public static ObjectNode of(JsonNode workload) {
    ObjectNode scale = JsonNodeFactory.instance.objectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      JsonNode value = workload.path("metadata").get(field);
      if (value != null) {
        metadata.set(field, value.deepCopy());
      }
    }
    scale.putObject("spec").put("replicas", workload.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", workload.path("status").path("replicas").asInt(0));
    List<String> selector = new ArrayList<>();
    workload.path("spec").path("selector").path("matchLabels").properties()
        .forEach(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    status.put("selector", String.join(",", selector));
    return scale;
  }

  /** The workload with {@code spec.replicas} taken from a Scale. */
  public static ObjectNode withReplicasOf(JsonNode workload, JsonNode scale) {
    ObjectNode copy = ((ObjectNode) workload).deepCopy();
    copy.withObjectProperty("spec").put("replicas", scale.path("spec").path("replicas").asInt());
    return copy;
  }
}
