package io.gitops.sandbox.apiserver.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a request asks to do, derived from its method and path the way kube-apiserver's RequestInfoFactory does:
 * GET of one object → get, of a collection → list (watch with {@code ?watch=true} or a {@code /watch/} prefix),
 * POST → create, PUT → update, PATCH (apply included) → patch, DELETE of one → delete, of a collection →
 * deletecollection. A {@code fieldSelector=metadata.name=x} on a list or watch names the object. A path that is not
 * under {@code /api/v1/...} or {@code /apis/<group>/<version>/...} is a non-resource request whose verb is the
 * lower-case method.
 *
 * @param apiGroup "" for the core group
 * @param namespace "" at the cluster scope (for {@code /api/v1/namespaces/x} it is {@code x}, as upstream)
 * @param name "" when the request names no object
 */
public record RequestAttributes(boolean resourceRequest, String verb, String apiGroup, String apiVersion,
    String resource, String subresource, String namespace, String name, String path) {

  private static final List<String> NAMESPACE_SUBRESOURCES = List.of("status", "finalize");

  public static RequestAttributes resource(String verb, String apiGroup, String resource, String subresource,
      String namespace, String name) {
    return new RequestAttributes(true, verb, nz(apiGroup), "", nz(resource), nz(subresource), nz(namespace),
        nz(name), "");
  }

  public static RequestAttributes nonResource(String verb, String path) {
    return new RequestAttributes(false, nz(verb), "", "", "", "", "", "", nz(path));
  }

  /** Parses a request line: {@code method} and the raw path with its query string. */
  public static RequestAttributes of(String method, String rawPath) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    String query = q < 0 ? "" : rawPath.substring(q + 1);
    String m = method.toUpperCase(Locale.ROOT);
    List<String> parts = split(path);
    RequestAttributes nonResource = nonResource(m.toLowerCase(Locale.ROOT), path);
    if (parts.size() < 3 || !("api".equals(parts.get(0)) || "apis".equals(parts.get(0)))) {
      return nonResource;
    }
    int i = 1;
    String group = "";
    if ("apis".equals(parts.get(0))) {
      if (parts.size() < 4) {
        return nonResource;
      }
      group = parts.get(i++);
    }
    String version = parts.get(i++);
    List<String> rest = new ArrayList<>(parts.subList(i, parts.size()));
    String verb = switch (m) {
      case "POST" -> "create";
      case "GET", "HEAD" -> "get";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "";
    };
    if (!rest.isEmpty() && "watch".equals(rest.get(0))) {
      verb = "watch";
      rest.remove(0);
    }
    String namespace = "";
    if (!rest.isEmpty() && "namespaces".equals(rest.get(0))) {
      if (rest.size() > 1) {
        namespace = rest.get(1);
        if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
          rest = rest.subList(2, rest.size());
        }
      }
    }
    String resource = rest.isEmpty() ? "" : rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    if (name.isEmpty() && "get".equals(verb)) {
      verb = isWatch(query) ? "watch" : "list";
    }
    if (name.isEmpty() && ("list".equals(verb) || "watch".equals(verb))) {
      name = nameFromFieldSelector(query);
    }
    if (name.isEmpty() && "delete".equals(verb)) {
      verb = "deletecollection";
    }
    return new RequestAttributes(true, verb, group, version, resource, subresource, namespace, name, path);
  }

  private static boolean isWatch(String query) {
    for (String pair : query.split("&")) {
      if ("watch=true".equalsIgnoreCase(pair) || "watch=1".equals(pair)) {
        return true;
      }
    }
    return false;
  }

  /** The name of {@code fieldSelector=metadata.name=x} (or {@code ==x}), "" otherwise. */
  private static String nameFromFieldSelector(String query) {
    for (String pair : query.split("&")) {
      if (!pair.startsWith("fieldSelector=")) {
        continue;
      }
      String selector = URLDecoder.decode(pair.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
      if (selector.contains(",")) {
        return "";
      }
      String s = selector.trim();
      for (String op : List.of("metadata.name==", "metadata.name=")) {
        if (s.startsWith(op)) {
          return s.substring(op.length()).trim();
        }
      }
    }
    return "";
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** {@code resource/subresource}, or the resource alone. */
  public String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }
}
