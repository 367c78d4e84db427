package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of a request the sandbox's write path looks at. */
public record RequestContext(String method, String rawPath, String path, Map<String, String> query,
    String contentType, String userAgent, String body) {

  static final String UNKNOWN_MANAGER = "unknown";

  public static RequestContext of(RecordedRequest request) {
    String raw = request.getPath();
    // getBytes() leaves the buffer readable for the fabric8 handlers (readUtf8() would drain it)
    String body = request.getBody() == null || request.getBody().getBytes() == null ? ""
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    return of(request.getMethod(), raw, request.getHeader("Content-Type"), request.getHeader("User-Agent"), body);
  }

  public static RequestContext of(String method, String rawPath, String contentType, String userAgent, String body) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : rawPath.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return new RequestContext(method, rawPath, path, Map.copyOf(query), contentType, userAgent,
        body == null ? "" : body);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Whether the request addresses the status subresource. */
  public boolean isStatus() {
    return path.endsWith("/status");
  }

  /** The path of the main resource (without a {@code /status} suffix). */
  public String mainPath() {
    return isStatus() ? path.substring(0, path.length() - "/status".length()) : path;
  }

  /**
   * The field manager: the {@code fieldManager} query parameter, else the User-Agent up to its first '/', the way
   * the API server derives it (e.g. {@code kubectl}, {@code fabric8-kubernetes-client}).
   */
  public String manager() {
    String fromQuery = query.get("fieldManager");
    if (fromQuery != null && !fromQuery.isBlank()) {
      return fromQuery;
    }
    if (userAgent == null || userAgent.isBlank()) {
      return UNKNOWN_MANAGER;
    }
    int slash = userAgent.indexOf('/');
    return (slash < 0 ? userAgent : userAgent.substring(0, slash)).trim();
  }

  public boolean force() {
    return "true".equalsIgnoreCase(query.get("force"));
  }

  /** The media type without parameters, lower case; empty when absent. */
  public String mediaType() {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
  }
}
