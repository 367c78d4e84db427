package io.gitops.sandbox.apiserver.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of Kubernetes' protobuf encoding to read the review and TokenRequest bodies kubectl sends that way
 * ({@code kubectl auth can-i}, {@code kubectl create token}): the {@code k8s\0} envelope ({@code runtime.Unknown})
 * and the few fields the sandbox looks at, turned into the JSON the endpoints read. Answers are sent as JSON, which
 * client-go accepts.
 */
final class Protobuf {

  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private Protobuf() {
  }

  /** The JSON equivalent of a protobuf SelfSubject*Review or TokenRequest body (fields the sandbox reads). */
  static ObjectNode toJson(byte[] body, String path) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Map<Integer, List<Object>> object = decode(unwrap(body));
    Map<Integer, List<Object>> spec = message(object, 2);
    ObjectNode jsonSpec = out.putObject("spec");
    if (path.endsWith("/selfsubjectaccessreviews")) {
      Map<Integer, List<Object>> resource = message(spec, 1);
      Map<Integer, List<Object>> nonResource = message(spec, 2);
      if (!resource.isEmpty()) {
        ObjectNode r = jsonSpec.putObject("resourceAttributes");
        String[] names = {null, "namespace", "verb", "group", "version", "resource", "subresource", "name"};
        for (int field = 1; field < names.length; field++) {
          r.put(names[field], string(resource, field));
        }
      } else {
        ObjectNode n = jsonSpec.putObject("nonResourceAttributes");
        n.put("path", string(nonResource, 1));
        n.put("verb", string(nonResource, 2));
      }
    } else if (path.endsWith("/selfsubjectrulesreviews")) {
      jsonSpec.put("namespace", string(spec, 1));
    } else if (path.endsWith("/token")) {
      for (Object audience : spec.getOrDefault(1, List.of())) {
        jsonSpec.withArray("audiences").add(new String((byte[]) audience, StandardCharsets.UTF_8));
      }
      List<Object> seconds = spec.getOrDefault(4, List.of());
      if (!seconds.isEmpty() && seconds.get(0) instanceof Long s) {
        jsonSpec.put("expirationSeconds", s);
      }
    }
    return out;
  }

  /** The raw object inside a {@code k8s\0} + runtime.Unknown envelope (field 2), or the bytes themselves. */
  private static byte[] unwrap(byte[] body) {
    if (body.length < MAGIC.length) {
      return body;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        return body;
      }
    }
    byte[] rest = new byte[body.length - MAGIC.length];
    System.arraycopy(body, MAGIC.length, rest, 0, rest.length);
    List<Object> raw = decode(rest).getOrDefault(2, List.of());
    return raw.isEmpty() ? new byte[0] : (byte[]) raw.get(0);
  }

  private static Map<Integer, List<Object>> message(Map<Integer, List<Object>> parent, int field) {
    List<Object> values = parent.getOrDefault(field, List.of());
    return values.isEmpty() || !(values.get(0) instanceof byte[] bytes) ? Map.of() : decode(bytes);
  }

  private static String string(Map<Integer, List<Object>> message, int field) {
    List<Object> values = message.getOrDefault(field, List.of());
    return values.isEmpty() || !(values.get(0) instanceof byte[] bytes) ? ""
        : new String(bytes, StandardCharsets.UTF_8);
  }

  /** field number → values: Long for varints, byte[] for length-delimited fields; fixed-width ones are skipped. */
  static Map<Integer, List<Object>> decode(byte[] data) {
    Map<Integer, List<Object>> fields = new LinkedHashMap<>();
    int[] pos = {0};
    while (pos[0] < data.length) {
      long key = varint(data, pos);
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      Object value;
      switch (wireType) {
        case 0 -> value = varint(data, pos);
        case 1 -> {
          pos[0] += 8;
          continue;
        }
        case 2 -> {
          int length = (int) varint(data, pos);
          if (length < 0 || pos[0] + length > data.length) {
            throw new IllegalArgumentException("truncated protobuf message");
          }
          byte[] bytes = new byte[length];
          System.arraycopy(data, pos[0], bytes, 0, length);
          pos[0] += length;
          value = bytes;
        }
        case 5 -> {
          pos[0] += 4;
          continue;
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
      }
      fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static long varint(byte[] data, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= data.length) {
        throw new IllegalArgumentException("truncated protobuf varint");
      }
      byte b = data[pos[0]++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("malformed protobuf varint");
  }
}
