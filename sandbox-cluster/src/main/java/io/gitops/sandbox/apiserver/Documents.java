package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/** Parses request bodies: JSON, or YAML for server-side apply. */
public final class Documents {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Documents() {
  }

  /** A JSON or YAML document (JSON when it starts with '{' or '['). */
  public static JsonNode parse(String body) throws IOException {
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.isEmpty()) {
      throw new IOException("empty body");
    }
    JsonNode node = trimmed.startsWith("{") || trimmed.startsWith("[")
        ? Jsons.read(trimmed)
        : YAML.readTree(trimmed);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty document");
    }
    return node;
  }
}
