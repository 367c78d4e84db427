package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * When {@code metadata.generation} moves: on a change of {@code spec}, or, for objects without a spec, of anything but
 * metadata and status. Status-only and metadata-only writes never bump it.
 */
public final class GenerationPolicy {

  private GenerationPolicy() {
  }

  public static boolean shouldBump(JsonNode current, JsonNode updated) {
    if (current.has("spec") || updated.has("spec")) {
      return !Objects.equals(current.get("spec"), updated.get("spec"));
    }
    return !content(current).equals(content(updated));
  }

  private static JsonNode content(JsonNode object) {
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.remove("metadata");
    copy.remove("status");
    return copy;
  }
}
