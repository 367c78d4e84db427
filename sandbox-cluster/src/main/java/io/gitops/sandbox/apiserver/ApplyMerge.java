package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The structural merge of server-side apply: maps merge recursively, keyed lists (see {@link ListKeys}) merge element
 * by element on their key, set lists take the union, every other list and every scalar is replaced by the applied
 * value. Removing fields a manager stopped applying is {@link ServerSideApply}'s job, not this one's.
 */
public final class ApplyMerge {

  private ApplyMerge() {
  }

  /** A new object: {@code live} with {@code applied} merged into it (neither argument is modified). */
  public static ObjectNode merge(JsonNode live, JsonNode applied) {
    ObjectNode result = live != null && live.isObject() ? ((ObjectNode) live).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    mergeInto(result, applied);
    return result;
  }

  private static void mergeInto(ObjectNode target, JsonNode applied) {
    for (Map.Entry<String, JsonNode> field : applied.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(name);
      if (value.isNull()) {
        target.remove(name);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        mergeInto((ObjectNode) existing, value);
      } else if (value.isArray() && existing != null && existing.isArray()) {
        target.set(name, mergeList(name, (ArrayNode) existing, (ArrayNode) value));
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }

  static ArrayNode mergeList(String name, ArrayNode live, ArrayNode applied) {
    ListKeys.ListType type = ListKeys.typeOf(name, live, applied);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (type instanceof ListKeys.Keyed keyed) {
      Set<Map<String, JsonNode>> appliedKeys = new HashSet<>();
      for (JsonNode element : applied) {
        Map<String, JsonNode> key = keyed.keyOf(element).orElseThrow();
        appliedKeys.add(key);
        Optional<JsonNode> match = find(live, keyed, key);
        out.add(match.isPresent() ? merge(match.get(), element) : element.deepCopy());
      }
      for (JsonNode element : live) {
        if (!appliedKeys.contains(keyed.keyOf(element).orElseThrow())) {
          out.add(element.deepCopy());
        }
      }
      return out;
    }
    if (type instanceof ListKeys.SetList) {
      out.addAll(live.deepCopy());
      for (JsonNode element : applied) {
        if (!contains(out, element)) {
          out.add(element.deepCopy());
        }
      }
      return out;
    }
    return applied.deepCopy();
  }

  private static boolean contains(ArrayNode list, JsonNode element) {
    for (JsonNode candidate : list) {
      if (candidate.equals(element)) {
        return true;
      }
    }
    return false;
  }

  static Optional<JsonNode> find(ArrayNode list, ListKeys.Keyed keyed, Map<String, JsonNode> key) {
    for (JsonNode element : list) {
      if (keyed.keyOf(element).map(key::equals).orElse(false)) {
        return Optional.of(element);
      }
    }
    return Optional.empty();
  }
}
