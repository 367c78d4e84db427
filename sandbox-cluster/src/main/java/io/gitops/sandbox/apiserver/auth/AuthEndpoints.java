package io.gitops.sandbox.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.gitops.sandbox.apiserver.ApiStatus;
import io.gitops.sandbox.apiserver.Documents;
import io.gitops.sandbox.apiserver.RequestContext;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's own authentication and authorization endpoints: the ServiceAccount TokenRequest subresource
 * ({@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}), {@code SelfSubjectAccessReview},
 * {@code SelfSubjectRulesReview} and {@code SelfSubjectReview} ({@code kubectl auth can-i}, {@code auth whoami}).
 */
public final class AuthEndpoints {

  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 600;
  private static final Pattern TOKEN_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token");
  private static final String AUTHORIZATION_V1 = "/apis/authorization.k8s.io/v1/";
  private static final String SSAR = AUTHORIZATION_V1 + "selfsubjectaccessreviews";
  private static final String SSRR = AUTHORIZATION_V1 + "selfsubjectrulesreviews";
  private static final String SSR = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  private final TokenAuthenticator tokens;
  private final Authorizer authorizer;
  private final boolean enforced;
  private final Function<String, Optional<JsonNode>> objects;

  /**
   * @param enforced whether authorization is on (off: every review answers allowed)
   * @param objects the stored object at a path, to check that a ServiceAccount exists
   */
  public AuthEndpoints(TokenAuthenticator tokens, Authorizer authorizer, boolean enforced,
      Function<String, Optional<JsonNode>> objects) {
    this.tokens = tokens;
    this.authorizer = authorizer;
    this.enforced = enforced;
    this.objects = objects;
  }

  /** Whether {@code method} and {@code path} (no query) address one of these endpoints. */
  public static boolean handles(String method, String path) {
    return "POST".equalsIgnoreCase(method) && (path.equals(SSAR) || path.equals(SSRR) || path.equals(SSR)
        || (path.endsWith("/token") && TOKEN_PATH.matcher(path).matches()));
  }

  /**
   * The answer if {@code ctx} is one of these endpoints, for the (already authorized) caller {@code user};
   * {@code rawBody} is read when the body is protobuf.
   */
  public Optional<MockResponse> handle(RequestContext ctx, byte[] rawBody, UserInfo user) {
    String path = ctx.path();
    if (!handles(ctx.method(), path)) {
      return Optional.empty();
    }
    if (Protobuf.MEDIA_TYPE.equals(ctx.mediaType())) {
      String json;
      try {
        json = Protobuf.toJson(rawBody == null ? new byte[0] : rawBody, path).toString();
      } catch (IllegalArgumentException e) {
        return Optional.of(ApiStatus.failure(400, "BadRequest", "invalid protobuf body: " + e.getMessage()));
      }
      ctx = new RequestContext(ctx.method(), ctx.rawPath(), path, ctx.query(), "application/json", ctx.userAgent(),
          json);
    }
    Matcher token = TOKEN_PATH.matcher(path);
    if (token.matches()) {
      return Optional.of(tokenRequest(token.group(1), token.group(2), ctx.body()));
    }
    if (SSAR.equals(path)) {
      return Optional.of(review(ctx.body(), review -> accessReview(review, user)));
    }
    if (SSRR.equals(path)) {
      return Optional.of(review(ctx.body(), review -> authorizer.rules(user,
          review.path("spec").path("namespace").asText(""), review.putObject("status"))));
    }
    if (SSR.equals(path)) {
      return Optional.of(review(ctx.body(), review -> {
        ObjectNode info = review.putObject("status").putObject("userInfo");
        info.put("username", user.name());
        user.groups().forEach(info.putArray("groups")::add);
      }));
    }
    return Optional.empty();
  }

  private MockResponse tokenRequest(String namespace, String name, String body) {
    Optional<JsonNode> account = objects.apply("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name);
    if (account.isEmpty()) {
      ObjectNode status = ApiStatus.body(404, "NotFound", "serviceaccounts \"" + name + "\" not found");
      status.remove("code");
      status.putObject("details").put("name", name).put("kind", "serviceaccounts");
      status.put("code", 404);
      return json(404, status);
    }
    ObjectNode request;
    try {
      request = body == null || body.isBlank() ? JsonNodeFactory.instance.objectNode()
          : (ObjectNode) Documents.parse(body);
    } catch (IOException | ClassCastException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid TokenRequest: " + e.getMessage());
    }
    ObjectNode spec = request.withObjectProperty("spec");
    long seconds = spec.path("expirationSeconds").asLong(DEFAULT_EXPIRATION_SECONDS);
    if (seconds < MIN_EXPIRATION_SECONDS) {
      return ApiStatus.failure(422, "Invalid", "TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: "
          + "spec.expirationSeconds: Invalid value: " + seconds + ": may not specify a duration less than 10 minutes");
    }
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asText()));
    if (audiences.isEmpty()) {
      audiences.add(TokenAuthenticator.DEFAULT_AUDIENCE);
    }
    TokenAuthenticator.IssuedToken issued = tokens.issueServiceAccount(namespace, name,
        account.get().path("metadata").path("uid").asText(""), Duration.ofSeconds(seconds), audiences);
    request.put("kind", "TokenRequest");
    request.put("apiVersion", "authentication.k8s.io/v1");
    ObjectNode metadata = request.withObjectProperty("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.putNull("creationTimestamp");
    audiences.forEach(spec.putArray("audiences")::add);
    spec.put("expirationSeconds", seconds);
    if (!spec.has("boundObjectRef")) {
      spec.putNull("boundObjectRef");
    }
    ObjectNode status = request.putObject("status");
    status.put("token", issued.token());
    status.put("expirationTimestamp",
        DateTimeFormatter.ISO_INSTANT.format(issued.expirationTimestamp().truncatedTo(ChronoUnit.SECONDS)));
    return json(201, request);
  }

  private void accessReview(ObjectNode review, UserInfo user) {
    JsonNode spec = review.path("spec");
    RequestAttributes asked;
    if (spec.has("resourceAttributes")) {
      JsonNode r = spec.path("resourceAttributes");
      asked = RequestAttributes.resource(r.path("verb").asText(""), r.path("group").asText(""),
          r.path("resource").asText(""), r.path("subresource").asText(""), r.path("namespace").asText(""),
          r.path("name").asText(""));
    } else {
      JsonNode n = spec.path("nonResourceAttributes");
      asked = RequestAttributes.nonResource(n.path("verb").asText(""), n.path("path").asText(""));
    }
    Authorizer.Decision decision = enforced ? authorizer.authorize(user, asked)
        : new Authorizer.Decision(true, "the sandbox runs with authorization off");
    ObjectNode status = review.putObject("status");
    status.put("allowed", decision.allowed());
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
  }

  private static MockResponse review(String body, java.util.function.Consumer<ObjectNode> answer) {
    ObjectNode review;
    try {
      JsonNode parsed = Documents.parse(body);
      if (!parsed.isObject()) {
        throw new IOException("expected an object");
      }
      review = (ObjectNode) parsed;
    } catch (IOException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid review: " + e.getMessage());
    }
    review.withObjectProperty("metadata").putNull("creationTimestamp");
    answer.accept(review);
    return json(201, review);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
