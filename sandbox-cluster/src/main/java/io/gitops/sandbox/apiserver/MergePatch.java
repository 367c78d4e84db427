package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * JSON merge patch (RFC 7386) and the sandbox's strategic merge patch: a merge patch whose keyed lists (see
 * {@link ListKeys}) merge by key instead of being replaced, whose list elements may carry {@code "$patch": "delete"},
 * and whose other {@code $}-directives (e.g. kubectl's {@code $setElementOrder/containers}) are ignored.
 */
public final class MergePatch {

  private static final String DIRECTIVE_PREFIX = "$";

  private MergePatch() {
  }

  /** RFC 7386 merge patch. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    return apply(target, patch, false);
  }

  /** Strategic merge patch, as far as the sandbox supports it. */
  public static JsonNode applyStrategic(JsonNode target, JsonNode patch) {
    return apply(target, patch, true);
  }

  private static JsonNode apply(JsonNode target, JsonNode patch, boolean strategic) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (strategic && name.startsWith(DIRECTIVE_PREFIX)) {
        continue;
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (strategic && value.isArray() && result.get(name) instanceof ArrayNode live) {
        result.set(name, strategicList(name, live, (ArrayNode) value));
      } else {
        result.set(name, apply(result.get(name), value, strategic));
      }
    }
    return result;
  }

  private static ArrayNode strategicList(String name, ArrayNode live, ArrayNode patch) {
    ListKeys.ListType type = ListKeys.typeOf(name, live, withoutDirectives(patch));
    if (!(type instanceof ListKeys.Keyed keyed)) {
      return withoutDirectives(patch);
    }
    ArrayNode out = live.deepCopy();
    for (JsonNode element : patch) {
      Map<String, JsonNode> key = keyed.keyOf(element).orElseThrow();
      int index = indexOf(out, keyed, key);
      boolean delete = "delete".equals(element.path("$patch").asText());
      if (delete) {
        if (index >= 0) {
          out.remove(index);
        }
      } else if (index >= 0) {
        out.set(index, apply(out.get(index), element, true));
      } else {
        out.add(apply(null, element, true));
      }
    }
    return out;
  }

  private static ArrayNode withoutDirectives(ArrayNode patch) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode element : patch) {
      if (element.isObject()) {
        ObjectNode copy = ((ObjectNode) element).deepCopy();
        copy.remove("$patch");
        out.add(copy);
      } else {
        out.add(element.deepCopy());
      }
    }
    return out;
  }

  private static int indexOf(ArrayNode list, ListKeys.Keyed keyed, Map<String, JsonNode> key) {
    for (int i = 0; i < list.size(); i++) {
      Optional<Map<String, JsonNode>> candidate = keyed.keyOf(list.get(i));
      if (candidate.isPresent() && candidate.get().equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
