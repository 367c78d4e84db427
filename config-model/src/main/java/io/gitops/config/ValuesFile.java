package io.gitops.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads Helm values ({@code apps/<app>/envs/<env>/values.yaml}) with the safe YAML limits. */
public final class ValuesFile {

    private ValuesFile() {
    }

    /** The values as a map (empty for an empty file). */
    public static Map<String, Object> parse(String yaml, String file) {
        Object root = SafeYaml.load(yaml, file);
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file, 1, 1, "values must be a mapping")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return values;
    }

    /** The scalar at a dotted key such as {@code image.tag}, if present. */
    public static Optional<String> scalar(Map<String, Object> values, String dottedKey) {
        Object current = values;
        for (String part : dottedKey.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return current == null || current instanceof Map || current instanceof List
                ? Optional.empty()
                : Optional.of(current.toString());
    }
}
