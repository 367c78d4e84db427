package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** {@code Status} error responses in the shape the API server sends. */
public final class ApiStatus {

  private ApiStatus() {
  }

  public static MockResponse failure(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body(code, reason, message).toString());
  }

  public static MockResponse conflict(ApplyConflictException e) {
    ObjectNode body = body(409, "Conflict", e.getMessage());
    ArrayNode causes = body.putObject("details").putArray("causes");
    for (ApplyConflictException.Conflict c : e.conflicts()) {
      ObjectNode cause = causes.addObject();
      cause.put("type", "FieldManagerConflict");
      cause.put("message", "conflict with \"" + c.manager() + "\" using " + c.apiVersion());
      cause.put("field", c.field());
    }
    return new MockResponse().setResponseCode(409).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  static ObjectNode body(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }
}
