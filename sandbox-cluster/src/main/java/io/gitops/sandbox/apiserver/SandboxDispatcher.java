package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Optional;

/**
 * Routes the sandbox's HTTP requests: the control API under {@code /sandbox/}, discovery documents, then the
 * Kubernetes resources (the {@link SandboxCrudDispatcher}). Adds {@code Content-Type: application/json} where the
 * fabric8 store leaves it out, so kubectl decodes every answer.
 */
public final class SandboxDispatcher extends Dispatcher {

  private final SandboxCrudDispatcher resources;
  private final Discovery discovery;
  private final FailuresEndpoint control;
  private final Runnable afterEachRequest;

  public SandboxDispatcher(SandboxCrudDispatcher resources, Discovery discovery, FailuresEndpoint control,
      Runnable afterEachRequest) {
    this.resources = resources;
    this.discovery = discovery;
    this.control = control;
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
    if (path.startsWith("/sandbox/")) {
      return control.handle(request);
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
    MockResponse response = resources.dispatch(request);
    return response != null ? response
        : ApiStatus.failure(405, "MethodNotAllowed", "method not allowed: " + request.getMethod());
  }

  private static MockResponse withContentType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.getHeaders().header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }
}
