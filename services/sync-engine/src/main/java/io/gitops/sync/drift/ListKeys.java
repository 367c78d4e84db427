package io.gitops.sync.drift;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The list-map keys the API server declares for the common core types: containers, env, volumes... by
 * {@code name}; container ports by {@code containerPort}+{@code protocol}; service ports by {@code port}+
 * {@code protocol}; volume mounts by {@code mountPath}. Lists whose elements lack the key are compared by position.
 */
final class ListKeys {

    private static final Map<String, List<String>> BY_FIELD = Map.of(
            "containers", List.of("name"),
            "initContainers", List.of("name"),
            "ephemeralContainers", List.of("name"),
            "env", List.of("name"),
            "volumes", List.of("name"),
            "imagePullSecrets", List.of("name"),
            "volumeMounts", List.of("mountPath"));

    private ListKeys() {
    }

    static List<String> keysOf(String field, JsonNode applied) {
        List<String> keys;
        if (field.equals("ports")) {
            JsonNode first = applied.isEmpty() ? null : applied.get(0);
            if (first != null && first.has("containerPort")) {
                keys = List.of("containerPort", "protocol");
            } else if (first != null && first.has("port")) {
                keys = List.of("port", "protocol");
            } else {
                keys = List.of();
            }
        } else {
            keys = BY_FIELD.getOrDefault(field, List.of());
        }
        for (JsonNode element : applied) {
            if (!element.isObject() || !element.has(keys.isEmpty() ? "" : keys.get(0))) {
                return List.of();
            }
        }
        return keys;
    }

    static Map<String, JsonNode> keyOf(JsonNode element, List<String> keys) {
        Map<String, JsonNode> key = new TreeMap<>();
        for (String k : keys) {
            JsonNode value = element.get(k);
            if (value == null || value.isNull()) {
                value = k.equals("protocol") ? TextNode.valueOf("TCP") : null;
            }
            if (value != null) {
                key.put(k, value.isNumber() ? TextNode.valueOf(value.asText()) : value);
            }
        }
        return key;
    }

    static String describe(Map<String, JsonNode> key) {
        return key.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().asText())
                .collect(Collectors.joining(","));
    }

    /** The fieldsV1 token of a keyed element, e.g. {@code k:{"name":"app"}}. */
    static String token(Map<String, JsonNode> key) {
        StringBuilder token = new StringBuilder("k:{");
        for (Iterator<Map.Entry<String, JsonNode>> it = key.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            token.append('"').append(entry.getKey()).append("\":");
            token.append(entry.getKey().equals("containerPort") || entry.getKey().equals("port")
                    ? entry.getValue().asText() : "\"" + entry.getValue().asText() + "\"");
            if (it.hasNext()) {
                token.append(',');
            }
        }
        return token.append('}').toString();
    }
}
