package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A set of field paths in the shape of {@code managedFields[].fieldsV1}. Each path is a list of elements:
 * {@code f:<field>}, {@code k:<key json>} for an element of a keyed list, {@code v:<value json>} for a set member.
 * A path that is a prefix of another is a member in its own right (serialised as {@code ".": {}}).
 */
public final class FieldSet {

  private static final String SELF = ".";
  private final Set<List<String>> paths;

  private FieldSet(Set<List<String>> paths) {
    this.paths = Collections.unmodifiableSet(paths);
  }

  public static FieldSet empty() {
    return new FieldSet(new HashSet<>());
  }

  /** A set of the given paths. */
  public static FieldSet ofPaths(java.util.Collection<List<String>> paths) {
    return new FieldSet(new HashSet<>(paths));
  }

  /** The fields an object sets within a scope: leaves, and keyed-list elements as members. */
  public static FieldSet of(JsonNode object, FieldScope scope) {
    Set<List<String>> out = new HashSet<>();
    walkTopLevel(object, scope, out, false);
    return new FieldSet(out);
  }

  /** Every path present in an object (leaves and intermediate nodes), within a scope. */
  public static FieldSet existing(JsonNode object, FieldScope scope) {
    Set<List<String>> out = new HashSet<>();
    walkTopLevel(object, scope, out, true);
    return new FieldSet(out);
  }

  /** The leaves of {@code after} that are new or different compared with {@code before}. */
  public static FieldSet changed(JsonNode before, JsonNode after, FieldScope scope) {
    Set<List<String>> out = new HashSet<>();
    FieldSet afterLeaves = of(after, scope);
    for (List<String> path : afterLeaves.paths) {
      Optional<JsonNode> old = valueAt(before, path);
      Optional<JsonNode> now = valueAt(after, path);
      if (old.isEmpty() || (isLeafValue(now) && !old.equals(now))) {
        out.add(path);
      }
    }
    return new FieldSet(out);
  }

  private static boolean isLeafValue(Optional<JsonNode> node) {
    return node.map(n -> !n.isObject() || n.isEmpty()).orElse(true);
  }

  /** Parses a {@code fieldsV1} document. */
  public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
    Set<List<String>> out = new HashSet<>();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      readTree(fieldsV1, new ArrayList<>(), out);
    }
    return new FieldSet(out);
  }

  private static void readTree(JsonNode node, List<String> prefix, Set<List<String>> out) {
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      if (SELF.equals(child.getKey())) {
        out.add(List.copyOf(prefix));
        continue;
      }
      List<String> path = append(prefix, child.getKey());
      if (child.getValue().isObject() && !child.getValue().isEmpty()) {
        readTree(child.getValue(), path, out);
      } else {
        out.add(path);
      }
    }
  }

  /** Serialises as a {@code fieldsV1} document with sorted keys. */
  public ObjectNode toFieldsV1() {
    return build(List.of());
  }

  private ObjectNode build(List<String> prefix) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    java.util.TreeSet<String> children = new java.util.TreeSet<>();
    for (List<String> path : paths) {
      if (path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix)) {
        children.add(path.get(prefix.size()));
      }
    }
    if (!prefix.isEmpty() && paths.contains(prefix) && !children.isEmpty()) {
      node.putObject(SELF);
    }
    for (String child : children) {
      node.set(child, build(append(prefix, child)));
    }
    return node;
  }

  public FieldSet union(FieldSet other) {
    Set<List<String>> out = new HashSet<>(paths);
    out.addAll(other.paths);
    return new FieldSet(out);
  }

  public FieldSet minus(FieldSet other) {
    Set<List<String>> out = new HashSet<>(paths);
    out.removeAll(other.paths);
    return new FieldSet(out);
  }

  public FieldSet intersect(FieldSet other) {
    Set<List<String>> out = new HashSet<>(paths);
    out.retainAll(other.paths);
    return new FieldSet(out);
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(List<String> path) {
    return paths.contains(path);
  }

  /** The member paths, shallowest first (removing a list element first keeps it findable by its key). */
  public List<List<String>> pathsShallowestFirst() {
    List<List<String>> out = new ArrayList<>(paths);
    out.sort((a, b) -> Integer.compare(a.size(), b.size()));
    return out;
  }

  /** A path as a readable field reference, e.g. {@code .spec.template.spec.containers[name="app"].image}. */
  public static String describe(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String element : path) {
      if (element.startsWith("f:")) {
        sb.append('.').append(element.substring(2));
      } else if (element.startsWith("k:")) {
        JsonNode key = readJson(element.substring(2));
        List<String> parts = new ArrayList<>();
        key.properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
        sb.append('[').append(String.join(",", parts)).append(']');
      } else {
        sb.append('[').append(element.substring(2)).append(']');
      }
    }
    return sb.toString();
  }

  /** The value at a path inside an object, if present. */
  public static Optional<JsonNode> valueAt(JsonNode object, List<String> path) {
    JsonNode node = object;
    String field = null;
    for (String element : path) {
      if (node == null) {
        return Optional.empty();
      }
      if (element.startsWith("f:")) {
        field = element.substring(2);
        node = node.isObject() ? node.get(field) : null;
      } else if (node.isArray()) {
        ArrayNode list = (ArrayNode) node;
        node = findElement(list, field, element).map(list::get).orElse(null);
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(node);
  }

  /** Removes the field or list element at a path from an object; absent paths are ignored. */
  public static void remove(JsonNode object, List<String> path) {
    if (path.isEmpty()) {
      return;
    }
    List<String> parentPath = path.subList(0, path.size() - 1);
    Optional<JsonNode> parent = valueAt(object, parentPath);
    String last = path.get(path.size() - 1);
    if (parent.isEmpty()) {
      return;
    }
    if (last.startsWith("f:") && parent.get().isObject()) {
      ((ObjectNode) parent.get()).remove(last.substring(2));
    } else if (parent.get().isArray()) {
      String field = lastField(parentPath);
      findElement((ArrayNode) parent.get(), field, last).ifPresent(i -> ((ArrayNode) parent.get()).remove(i));
    }
  }

  private static String lastField(List<String> path) {
    for (int i = path.size() - 1; i >= 0; i--) {
      if (path.get(i).startsWith("f:")) {
        return path.get(i).substring(2);
      }
    }
    return "";
  }

  private static Optional<Integer> findElement(ArrayNode list, String field, String element) {
    if (element.startsWith("v:")) {
      JsonNode wanted = readJson(element.substring(2));
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).equals(wanted)) {
          return Optional.of(i);
        }
      }
      return Optional.empty();
    }
    if (element.startsWith("k:") && ListKeys.typeOf(field, list) instanceof ListKeys.Keyed keyed) {
      JsonNode wanted = readJson(element.substring(2));
      for (int i = 0; i < list.size(); i++) {
        Optional<Map<String, JsonNode>> key = keyed.keyOf(list.get(i));
        if (key.isPresent() && keyJson(key.get()).equals(wanted)) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  /** The {@code k:} element of a keyed-list item. */
  public static String keyElement(Map<String, JsonNode> key) {
    return "k:" + keyJson(key).toString();
  }

  private static ObjectNode keyJson(Map<String, JsonNode> key) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    new java.util.TreeMap<>(key).forEach(node::set);
    return node;
  }

  private static JsonNode readJson(String json) {
    try {
      return Jsons.read(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a JSON path element: " + json, e);
    }
  }

  private static void walkTopLevel(JsonNode object, FieldScope scope, Set<List<String>> out, boolean intermediate) {
    if (object == null || !object.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!scope.includesTopLevel(field.getKey()) || field.getValue().isNull()) {
        continue;
      }
      List<String> path = List.of("f:" + field.getKey());
      if ("metadata".equals(field.getKey())) {
        walkMetadata(field.getValue(), path, out, intermediate);
      } else {
        walk(field.getKey(), field.getValue(), path, out, intermediate);
      }
    }
  }

  private static void walkMetadata(JsonNode metadata, List<String> prefix, Set<List<String>> out,
      boolean intermediate) {
    boolean any = false;
    for (Map.Entry<String, JsonNode> field : metadata.properties()) {
      if (FieldScope.isOwnableMetadata(field.getKey()) && !field.getValue().isNull()) {
        walk(field.getKey(), field.getValue(), append(prefix, "f:" + field.getKey()), out, intermediate);
        any = true;
      }
    }
    if (intermediate && any) {
      out.add(prefix);
    }
  }

  private static void walk(String name, JsonNode value, List<String> path, Set<List<String>> out,
      boolean intermediate) {
    if (value.isObject() && !value.isEmpty()) {
      if (intermediate) {
        out.add(path);
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (!field.getValue().isNull()) {
          walk(field.getKey(), field.getValue(), append(path, "f:" + field.getKey()), out, intermediate);
        }
      }
      return;
    }
    if (value.isArray()) {
      ListKeys.ListType type = ListKeys.typeOf(name, (ArrayNode) value);
      if (type instanceof ListKeys.Keyed keyed && !value.isEmpty()) {
        if (intermediate) {
          out.add(path);
        }
        for (JsonNode element : value) {
          List<String> elementPath = append(path, keyElement(keyed.keyOf(element).orElseThrow()));
          out.add(elementPath);
          for (Map.Entry<String, JsonNode> field : element.properties()) {
            if (!field.getValue().isNull()) {
              walk(field.getKey(), field.getValue(), append(elementPath, "f:" + field.getKey()), out, intermediate);
            }
          }
        }
        return;
      }
      if (type instanceof ListKeys.SetList && !value.isEmpty()) {
        if (intermediate) {
          out.add(path);
        }
        for (JsonNode element : value) {
          out.add(append(path, "v:" + element.toString()));
        }
        return;
      }
    }
    out.add(path);
  }

  private static List<String> append(List<String> prefix, String element) {
    List<String> out = new ArrayList<>(prefix.size() + 1);
    out.addAll(prefix);
    out.add(element);
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && other.paths.equals(paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }
}
