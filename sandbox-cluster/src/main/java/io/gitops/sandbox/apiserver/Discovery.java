package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The legacy discovery documents ({@code /version}, {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/<group>}, {@code /apis/<group>/<version>}) for the built-in catalog and for the
 * CustomResourceDefinitions stored in the sandbox, in the shape kubectl and fabric8 read.
 */
public final class Discovery {

  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ApiResourceCatalog catalog;
  private final Supplier<List<JsonNode>> customResourceDefinitions;
  private final Supplier<String> serverAddress;

  public Discovery(ApiResourceCatalog catalog, Supplier<List<JsonNode>> customResourceDefinitions,
      Supplier<String> serverAddress) {
    this.catalog = catalog;
    this.customResourceDefinitions = customResourceDefinitions;
    this.serverAddress = serverAddress;
  }

  /** The document served at {@code path} (no query string), if it is a discovery path. */
  public Optional<JsonNode> document(String path) {
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if ("/".equals(p)) {
      return Optional.of(rootPaths());
    }
    if ("/version".equals(p)) {
      return Optional.of(version());
    }
    if ("/api".equals(p)) {
      return Optional.of(apiVersions());
    }
    if ("/apis".equals(p)) {
      return Optional.of(groupList());
    }
    String[] parts = p.split("/");
    if (parts.length == 3 && "api".equals(parts[1])) {
      return resourceList(parts[2]);
    }
    if (parts.length == 3 && "apis".equals(parts[1])) {
      return Optional.ofNullable(groups().get(parts[2])).map(this::group);
    }
    if (parts.length == 4 && "apis".equals(parts[1])) {
      return resourceList(parts[2] + "/" + parts[3]);
    }
    return Optional.empty();
  }

  private JsonNode rootPaths() {
    ObjectNode doc = JSON.objectNode();
    ArrayNode paths = doc.putArray("paths");
    paths.add("/api").add("/api/v1").add("/apis");
    for (String gv : allResources().keySet()) {
      if (gv.contains("/")) {
        paths.add("/apis/" + gv.substring(0, gv.indexOf('/'))).add("/apis/" + gv);
      }
    }
    paths.add("/version");
    return doc;
  }

  private JsonNode version() {
    ObjectNode v = JSON.objectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.0-sandbox");
    v.put("gitCommit", "sandbox");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-01-01T00:00:00Z");
    v.put("goVersion", "n/a (java sandbox)");
    v.put("compiler", "sandbox");
    v.put("platform", "linux/amd64");
    return v;
  }

  private JsonNode apiVersions() {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    ObjectNode address = doc.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress.get());
    return doc;
  }

  /** group name → its group versions (preferred first). */
  private Map<String, List<String>> groups() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String gv : allResources().keySet()) {
      int slash = gv.indexOf('/');
      if (slash > 0) {
        out.computeIfAbsent(gv.substring(0, slash), k -> new ArrayList<>()).add(gv);
      }
    }
    return out;
  }

  private JsonNode groupList() {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    groups().values().forEach(gvs -> groups.add(group(gvs)));
    return doc;
  }

  private ObjectNode group(List<String> groupVersions) {
    ObjectNode group = JSON.objectNode();
    String first = groupVersions.get(0);
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.put("name", first.substring(0, first.indexOf('/')));
    ArrayNode versions = group.putArray("versions");
    for (String gv : groupVersions) {
      versions.add(groupVersion(gv));
    }
    group.set("preferredVersion", groupVersion(first));
    return group;
  }

  private static ObjectNode groupVersion(String gv) {
    ObjectNode v = JSON.objectNode();
    v.put("groupVersion", gv);
    v.put("version", gv.substring(gv.indexOf('/') + 1));
    return v;
  }

  private Optional<JsonNode> resourceList(String groupVersion) {
    List<ApiResource> resources = allResources().get(groupVersion);
    if (resources == null) {
      return Optional.empty();
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", groupVersion);
    ArrayNode list = doc.putArray("resources");
    for (ApiResource r : resources) {
      ObjectNode entry = list.addObject();
      entry.put("name", r.plural());
      entry.put("singularName", r.singular());
      entry.put("namespaced", r.namespaced());
      entry.put("kind", r.kind());
      VERBS.forEach(entry.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(entry.putArray("shortNames")::add);
      }
      if (r.statusSubresource()) {
        list.add(subresource(r, "status", r.kind(), null, null));
      }
      if (r.scaleSubresource()) {
        list.add(subresource(r, "scale", "Scale", "autoscaling", "v1"));
      }
    }
    return Optional.of(doc);
  }

  private static ObjectNode subresource(ApiResource r, String name, String kind, String group, String version) {
    ObjectNode entry = JSON.objectNode();
    entry.put("name", r.plural() + "/" + name);
    entry.put("singularName", "");
    entry.put("namespaced", r.namespaced());
    if (group != null) {
      entry.put("group", group);
      entry.put("version", version);
    }
    entry.put("kind", kind);
    SUBRESOURCE_VERBS.forEach(entry.putArray("verbs")::add);
    return entry;
  }

  private Map<String, List<ApiResource>> allResources() {
    Map<String, List<ApiResource>> out = catalog.byGroupVersion();
    for (JsonNode crd : customResourceDefinitions.get()) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      List<String> shortNames = new ArrayList<>();
      names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        ApiResource r = new ApiResource(spec.path("group").asText(), version.path("name").asText(),
            names.path("plural").asText(), names.path("singular").asText(names.path("plural").asText()),
            names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()), shortNames,
            version.path("subresources").has("status"), version.path("subresources").has("scale"));
        out.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }
}
