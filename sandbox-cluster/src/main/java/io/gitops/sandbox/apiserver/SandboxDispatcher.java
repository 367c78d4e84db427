package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gitops.sandbox.apiserver.auth.AuthEndpoints;
import io.gitops.sandbox.apiserver.auth.Authorizer;
import io.gitops.sandbox.apiserver.auth.RequestAttributes;
import io.gitops.sandbox.apiserver.auth.TokenAuthenticator;
import io.gitops.sandbox.apiserver.auth.UserInfo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Routes the sandbox's HTTP requests: with authorization on, every request is authenticated (401 without a valid
 * bearer token) and authorized (403), the control API under {@code /sandbox/} only for {@code system:masters};
 * then the control API, the TokenRequest and self-review endpoints, discovery documents, then the Kubernetes
 * resources (the {@link SandboxCrudDispatcher}). Adds {@code Content-Type: application/json} where the fabric8 store
 * leaves it out, so kubectl decodes every answer.
 */
public final class SandboxDispatcher extends Dispatcher {

  /** Who a request is taken to come from when authorization is off. */
  static final UserInfo UNAUTHENTICATED_ADMIN = new UserInfo(TokenAuthenticator.ADMIN_USER,
      List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED));

  private final SandboxCrudDispatcher resources;
  private final Discovery discovery;
  private final FailuresEndpoint control;
  private final Security security;
  private final Runnable afterEachRequest;

  /** Authentication and authorization; {@code enforced} false lets every request through as today. */
  public record Security(boolean enforced, TokenAuthenticator tokens, Authorizer authorizer,
      AuthEndpoints endpoints) {
  }

  public SandboxDispatcher(SandboxCrudDispatcher resources, Discovery discovery, FailuresEndpoint control,
      Security security, Runnable afterEachRequest) {
    this.resources = resources;
    this.discovery = discovery;
    this.control = control;
    this.security = security;
    this.afterEachRequest = afterEachRequest;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withContentType(route(request));
    } finally {
      afterEachRequest.run();
    }
  }

  private MockResponse route(RecordedRequest request) {
    String raw = request.getPath();
    String path = raw.contains("?") ? raw.substring(0, raw.indexOf('?')) : raw;
    UserInfo user = UNAUTHENTICATED_ADMIN;
    if (security.enforced()) {
      Optional<UserInfo> caller = security.tokens().authenticate(request.getHeader("Authorization"));
      if (caller.isEmpty()) {
        return ApiStatus.unauthorized();
      }
      user = caller.get();
      RequestAttributes attributes = path.startsWith("/sandbox/")
          ? RequestAttributes.nonResource(request.getMethod().toLowerCase(Locale.ROOT), path)
          : RequestAttributes.of(request.getMethod(), raw);
      boolean allowed = path.startsWith("/sandbox/") ? user.isMaster()
          : security.authorizer().authorize(user, attributes).allowed();
      if (!allowed) {
        return ApiStatus.forbidden(user, attributes);
      }
    }
    if (path.startsWith("/sandbox/")) {
      return control.handle(request);
    }
    if (AuthEndpoints.handles(request.getMethod(), path)) {
      Optional<MockResponse> own = security.endpoints().handle(RequestContext.of(request),
          request.getBody() == null ? null : request.getBody().getBytes(), user);
      if (own.isPresent()) {
        return own.get();
      }
    }
    if ("GET".equalsIgnoreCase(request.getMethod())) {
      Optional<com.fasterxml.jackson.databind.JsonNode> document = discovery.document(path);
      if (document.isPresent()) {
        return new MockResponse().setResponseCode(200).setBody(document.get().toString());
      }
      if (path.startsWith("/openapi/")) {
        return ApiStatus.failure(404, "NotFound", "the sandbox serves no " + path);
      }
    }
    MockResponse response = resources.dispatch(withoutWatchPrefix(request, path));
    return response != null ? response
        : ApiStatus.failure(405, "MethodNotAllowed", "method not allowed: " + request.getMethod());
  }

  /** {@code /api/v1/watch/...} and {@code /apis/g/v/watch/...} (deprecated upstream) as {@code ?watch=true}. */
  private static RecordedRequest withoutWatchPrefix(RecordedRequest request, String path) {
    String[] parts = path.split("/", -1);
    int at = path.startsWith("/api/") ? 3 : path.startsWith("/apis/") ? 4 : -1;
    if (at < 0 || parts.length <= at || !"watch".equals(parts[at])) {
      return request;
    }
    String raw = request.getPath();
    String query = raw.contains("?") ? raw.substring(raw.indexOf('?') + 1) : "";
    String rewritten = path.replaceFirst("/watch/", "/") + "?watch=true" + (query.isEmpty() ? "" : "&" + query);
    return new RecordedRequest(request.getHttpVersion(), request.method(), rewritten, request.getHeaders(),
        request.getBody());
  }

  private static MockResponse withContentType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.getHeaders().header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }
}
