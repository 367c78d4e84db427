package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.FailureRegistry;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sandbox control API on the API server's port: {@code GET/POST/DELETE /sandbox/v1/failures}.
 * POST takes {@code {"image":"...","mode":"crashloop|imagepull|unready"}}; DELETE takes {@code ?image=...}.
 */
public final class FailuresEndpoint {

  public static final String PATH = "/sandbox/v1/failures";
  private static final String MODES = Arrays.stream(FailureMode.values()).map(FailureMode::wireName)
      .collect(Collectors.joining(", "));

  private final FailureRegistry failures;

  public FailuresEndpoint(FailureRegistry failures) {
    this.failures = failures;
  }

  public MockResponse handle(RecordedRequest request) {
    RequestContext ctx = RequestContext.of(request);
    if (!PATH.equals(ctx.path())) {
      return error(404, "no such sandbox endpoint: " + ctx.path() + " (try " + PATH + ")");
    }
    return switch (ctx.method().toUpperCase()) {
      case "GET" -> json(200, list());
      case "POST" -> set(ctx.body());
      case "DELETE" -> clear(ctx.query());
      default -> error(405, "method not allowed: " + ctx.method());
    };
  }

  private MockResponse set(String body) {
    JsonNode request;
    try {
      request = Documents.parse(body);
    } catch (IOException e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      return error(400, "body must be a JSON object like {\"image\":\"app:1.0\",\"mode\":\"crashloop\"}");
    }
    String image = request.path("image").asText("").trim();
    if (image.isEmpty()) {
      return error(400, "missing \"image\": give an exact image reference, or \":<tag>\" for every image with that tag");
    }
    Optional<FailureMode> mode = FailureMode.fromWireName(request.path("mode").asText(""));
    if (mode.isEmpty()) {
      return error(400, "unknown mode \"" + request.path("mode").asText("") + "\": expected one of " + MODES);
    }
    failures.fail(image, mode.get());
    return json(201, rule(image, mode.get()));
  }

  private MockResponse clear(Map<String, String> query) {
    String image = query.getOrDefault("image", "").trim();
    if (image.isEmpty()) {
      return error(400, "missing query parameter \"image\"");
    }
    boolean removed = failures.clear(image);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("image", image);
    body.put("cleared", removed);
    return json(200, body);
  }

  private ObjectNode list() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("failures");
    failures.rules().forEach((image, mode) -> items.add(rule(image, mode)));
    return body;
  }

  private static ObjectNode rule(String image, FailureMode mode) {
    ObjectNode rule = JsonNodeFactory.instance.objectNode();
    rule.put("image", image);
    rule.put("mode", mode.wireName());
    return rule;
  }

  private static MockResponse error(int code, String message) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", message);
    return json(code, body);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
