package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** The sandbox's JSON mapper (trees only; fabric8 models go through the client's own serialization). */
public final class Jsons {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Jsons() {
  }

  public static JsonNode read(String json) throws IOException {
    return MAPPER.readTree(json);
  }
}
