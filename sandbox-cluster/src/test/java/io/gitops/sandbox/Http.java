package io.gitops.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test helper: raw HTTP against the sandbox, for what fabric8 doesn't send (YAML bodies, User-Agents, tokens). */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {
  }

  static HttpResponse<String> send(String method, String url, String contentType, String userAgent, String body) {
    return send(method, url, contentType, userAgent, body, null);
  }

  /** With {@code Authorization: Bearer <token>} when {@code token} is not null. */
  static HttpResponse<String> send(String method, String url, String contentType, String userAgent, String body,
      String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (userAgent != null) {
      request.header("User-Agent", userAgent);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> get(String url) {
    return send("GET", url, null, null, null);
  }
}
