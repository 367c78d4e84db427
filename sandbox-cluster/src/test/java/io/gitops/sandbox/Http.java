package io.gitops.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test helper: raw HTTP against the sandbox, for what fabric8 doesn't send (YAML bodies, User-Agents, tokens). */
final class Http {

  private static final HttpClient CLIENT = newClient();

  private Http() {
  }

  /** Trusts the sandbox's self-signed certificate (authorization on serves HTTPS). */
  private static HttpClient newClient() {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    try {
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
          // test client
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
          // the sandbox's certificate is self-signed
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
          return new java.security.cert.X509Certificate[0];
        }
      }}, new java.security.SecureRandom());
      return HttpClient.newBuilder().sslContext(tls).build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
