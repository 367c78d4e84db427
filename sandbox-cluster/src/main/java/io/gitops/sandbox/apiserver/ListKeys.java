package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a list field merges, following the list-map keys the real API server declares for the core types:
 * containers, env, volumes by {@code name}; container ports by {@code containerPort}+{@code protocol}; service
 * ports by {@code port}+{@code protocol}; conditions by {@code type}; owner references by {@code uid};
 * finalizers as a set. Every other list is atomic (replaced as a whole).
 */
public final class ListKeys {

  /** The merge semantics of one list. */
  public sealed interface ListType permits Atomic, Keyed, SetList {
  }

  /** Replaced as a whole. */
  public record Atomic() implements ListType {
  }

  /** Merged element by element, matched on the key fields (with defaults for absent ones). */
  public record Keyed(List<String> keys, Map<String, String> defaults) implements ListType {

    /** The key of one element, with defaults filled in; empty when a key field is missing. */
    public Optional<Map<String, JsonNode>> keyOf(JsonNode element) {
      if (!element.isObject()) {
        return Optional.empty();
      }
      var key = new java.util.TreeMap<String, JsonNode>();
      for (String k : keys) {
        JsonNode value = element.get(k);
        if (value == null || value.isNull()) {
          String dflt = defaults.get(k);
          if (dflt == null) {
            return Optional.empty();
          }
          value = com.fasterxml.jackson.databind.node.TextNode.valueOf(dflt);
        }
        key.put(k, value);
      }
      return Optional.of(key);
    }
  }

  /** A set of scalars (e.g. finalizers). */
  public record SetList() implements ListType {
  }

  private static final Keyed BY_NAME = new Keyed(List.of("name"), Map.of());
  private static final Map<String, ListType> BY_FIELD = Map.ofEntries(
      Map.entry("containers", BY_NAME),
      Map.entry("initContainers", BY_NAME),
      Map.entry("ephemeralContainers", BY_NAME),
      Map.entry("env", BY_NAME),
      Map.entry("volumes", BY_NAME),
      Map.entry("imagePullSecrets", BY_NAME),
      Map.entry("volumeMounts", new Keyed(List.of("mountPath"), Map.of())),
      Map.entry("conditions", new Keyed(List.of("type"), Map.of())),
      Map.entry("ownerReferences", new Keyed(List.of("uid"), Map.of())),
      Map.entry("finalizers", new SetList()));

  private ListKeys() {
  }

  /**
   * The merge type of the list stored under {@code field}. Lists whose elements lack a key field fall back to atomic,
   * like the real server rejects or treats them.
   */
  public static ListType typeOf(String field, ArrayNode... lists) {
    ListType type = declared(field, lists);
    if (type instanceof Keyed keyed) {
      for (ArrayNode list : lists) {
        if (list == null) {
          continue;
        }
        for (JsonNode element : list) {
          if (keyed.keyOf(element).isEmpty()) {
            return new Atomic();
          }
        }
      }
    }
    if (type instanceof SetList) {
      for (ArrayNode list : lists) {
        if (list != null) {
          for (JsonNode element : list) {
            if (!element.isValueNode()) {
              return new Atomic();
            }
          }
        }
      }
    }
    return type;
  }

  private static ListType declared(String field, ArrayNode... lists) {
    if ("ports".equals(field)) {
      for (ArrayNode list : lists) {
        if (list != null && !list.isEmpty()) {
          JsonNode first = list.get(0);
          if (first.has("containerPort")) {
            return new Keyed(List.of("containerPort", "protocol"), Map.of("protocol", "TCP"));
          }
          if (first.has("port")) {
            return new Keyed(List.of("port", "protocol"), Map.of("protocol", "TCP"));
          }
        }
      }
      return BY_NAME;
    }
    return BY_FIELD.getOrDefault(field, new Atomic());
  }
}
