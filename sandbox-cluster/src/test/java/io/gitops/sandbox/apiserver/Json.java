package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helper: JSON from text with single quotes. */
final class Json {

  private Json() {
  }

  static ObjectNode obj(String singleQuoted) {
    return (ObjectNode) node(singleQuoted);
  }

  static JsonNode node(String singleQuoted) {
    try {
      return io.gitops.sandbox.apiserver.Jsons.read(singleQuoted.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
