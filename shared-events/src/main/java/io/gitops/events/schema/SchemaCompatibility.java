package io.gitops.events.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backward-compatibility rules between a released JSON Schema of an event version and its current schema.
 *
 * <p>Within a version, a writer may only add optional fields: so every released property stays, keeps (or widens)
 * its types and enum values, stays nested-compatible, no property becomes newly required, and the object stays open
 * to unknown fields. Anything else needs a new {@code .v2} type and topic.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** The rules {@code current} breaks against {@code released}; empty when compatible. */
    public static List<String> violations(JsonNode released, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare("$", released, current, problems);
        return problems;
    }

    private static void compare(String path, JsonNode released, JsonNode current, List<String> problems) {
        if (current == null || current.isMissingNode()) {
            problems.add(path + ": removed");
            return;
        }
        Set<String> releasedTypes = types(released);
        Set<String> currentTypes = types(current);
        if (!releasedTypes.isEmpty() && !currentTypes.isEmpty() && !currentTypes.containsAll(releasedTypes)) {
            problems.add(path + ": type narrowed from " + releasedTypes + " to " + currentTypes);
        }
        Set<String> releasedEnum = values(released.get("enum"));
        Set<String> currentEnum = values(current.get("enum"));
        if (!releasedEnum.isEmpty()) {
            Set<String> removed = new HashSet<>(releasedEnum);
            if (current.has("enum")) {
                removed.removeAll(currentEnum);
            } else {
                removed.clear();
            }
            if (!removed.isEmpty()) {
                problems.add(path + ": enum values removed " + removed);
            }
        } else if (!currentEnum.isEmpty()) {
            problems.add(path + ": enum added to a field that accepted any value");
        }
        if (released.has("pattern") && current.has("pattern")
                && !released.get("pattern").asText().equals(current.get("pattern").asText())) {
            problems.add(path + ": pattern changed");
        } else if (!released.has("pattern") && current.has("pattern")) {
            problems.add(path + ": pattern added");
        }
        if (current.path("additionalProperties").isBoolean() && !current.get("additionalProperties").asBoolean()
                && !(released.path("additionalProperties").isBoolean()
                && !released.get("additionalProperties").asBoolean())) {
            problems.add(path + ": closed to unknown properties");
        }
        Set<String> releasedRequired = values(released.get("required"));
        for (String name : values(current.get("required"))) {
            if (!releasedRequired.contains(name)) {
                problems.add(path + ": property '" + name + "' became required");
            }
        }
        JsonNode releasedProperties = released.path("properties");
        JsonNode currentProperties = current.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = releasedProperties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            compare(path + "." + property.getKey(), property.getValue(), currentProperties.get(property.getKey()),
                    problems);
        }
        if (released.has("items")) {
            compare(path + "[]", released.get("items"), current.get("items"), problems);
        }
    }

    private static Set<String> types(JsonNode schema) {
        return values(schema.get("type"));
    }

    private static Set<String> values(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
