package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.gitops.sandbox.apiserver.auth.Authorizer;
import io.gitops.sandbox.apiserver.auth.RequestAttributes;
import io.gitops.sandbox.apiserver.auth.UserInfo;

/** {@code Status} error responses in the shape the API server sends. */
public final class ApiStatus {

  private ApiStatus() {
  }

  public static MockResponse failure(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body(code, reason, message).toString());
  }

  /** kube-apiserver's answer to a request without a valid bearer token. */
  public static MockResponse unauthorized() {
    return failure(401, "Unauthorized", "Unauthorized");
  }

  /** kube-apiserver's answer to a request the authorizer refused. */
  public static MockResponse forbidden(UserInfo user, RequestAttributes request) {
    ObjectNode body = body(403, "Forbidden", Authorizer.forbiddenMessage(user, request));
    body.remove("code");
    if (request.resourceRequest()) {
      ObjectNode details = body.putObject("details");
      if (!request.name().isEmpty()) {
        details.put("name", request.name());
      }
      if (!request.apiGroup().isEmpty()) {
        details.put("group", request.apiGroup());
      }
      details.put("kind", request.resource());
    }
    body.put("code", 403);
    return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
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

  public static ObjectNode body(int code, String reason, String message) {
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
