package io.gitops.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubeconfig for the sandbox: http (or https without certificate verification) on loopback, namespace
 * {@code default}, and either no credentials or a bearer token (the admin's, or a ServiceAccount's).
 */
public final class Kubeconfig {

  public static final String NAME = "gitops-sandbox";

  private Kubeconfig() {
  }

  /** Without credentials (for a sandbox with authorization off). */
  public static String render(String serverUrl) {
    return render(serverUrl, null);
  }

  /** With {@code token} as the user's bearer token (none when null). */
  public static String render(String serverUrl, String token) {
    String user = token == null ? "{}" : "\n    token: " + token;
    // the sandbox's certificate is self-signed: a kubeconfig for https skips its verification
    String server = serverUrl.startsWith("https:") ? serverUrl + "\n    insecure-skip-tls-verify: true" : serverUrl;
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        users:
        - name: %1$s
          user: %3$s
        preferences: {}
        """.formatted(NAME, server, user);
  }

  /** Writes the kubeconfig without credentials (creating parent directories) and returns the path. */
  public static Path write(String serverUrl, Path file) throws IOException {
    return write(serverUrl, null, file);
  }

  /** Writes a kubeconfig holding {@code token} (creating parent directories) and returns the path. */
  public static Path write(String serverUrl, String token, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(serverUrl, token), StandardCharsets.UTF_8);
    return file;
  }
}
