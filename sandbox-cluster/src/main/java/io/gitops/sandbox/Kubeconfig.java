package io.gitops.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for the sandbox: plain http on loopback, no credentials, namespace {@code default}. */
public final class Kubeconfig {

  public static final String NAME = "gitops-sandbox";

  private Kubeconfig() {
  }

  public static String render(String serverUrl) {
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
          user: {}
        preferences: {}
        """.formatted(NAME, serverUrl);
  }

  /** Writes the kubeconfig (creating parent directories) and returns the path. */
  public static Path write(String serverUrl, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(serverUrl), StandardCharsets.UTF_8);
    return file;
  }
}
