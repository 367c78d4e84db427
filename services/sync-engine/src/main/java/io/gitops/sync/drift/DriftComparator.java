package io.gitops.sync.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares a live object with what the sync engine applied, field by field, looking only at the fields it applied
 * (so defaulted and server-populated fields never count). A differing field is drift unless the live managedFields
 * say the engine itself (or an expected manager such as the health verifier) still owns it: a change made by anyone
 * else moves ownership to them, while the API server's own normalisation of a value (e.g. {@code 1000m} → {@code 1})
 * leaves it with the engine. Keyed lists (containers, env, volumes, ports...) are matched by key, like server-side
 * apply does; other lists are compared element by element.
 */
public final class DriftComparator {

    /** Fields never compared: the health verifier halts a failing rollout by setting them. */
    public static final Set<String> IGNORED_PATHS = Set.of("spec.paused");

    private static final Set<String> METADATA_COMPARED = Set.of("labels", "annotations");

    private final String fieldManager;
    private final Set<String> expectedManagers;

    public DriftComparator(String fieldManager, Set<String> expectedManagers) {
        this.fieldManager = fieldManager;
        this.expectedManagers = Set.copyOf(expectedManagers);
    }

    /** The drifted fields of {@code live} against {@code applied}; empty when it matches. */
    public List<FieldDrift> compare(JsonNode applied, JsonNode live) {
        List<Difference> differences = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("status") || name.equals("apiVersion") || name.equals("kind")) {
                continue;
            }
            if (name.equals("metadata")) {
                for (String part : METADATA_COMPARED) {
                    JsonNode value = field.getValue().get(part);
                    if (value != null) {
                        diff(value, live.path("metadata").get(part), "metadata." + part,
                                List.of("f:metadata", "f:" + part), differences);
                    }
                }
                continue;
            }
            diff(field.getValue(), live.get(name), name, List.of("f:" + name), differences);
        }
        if (differences.isEmpty()) {
            return List.of();
        }
        Ownership ownership = Ownership.of(live);
        List<FieldDrift> drifts = new ArrayList<>();
        for (Difference difference : differences) {
            Set<String> owners = ownership.owners(difference.tokens());
            Set<String> foreign = new HashSet<>(owners);
            foreign.remove(fieldManager);
            foreign.removeAll(expectedManagers);
            if (!owners.isEmpty() && foreign.isEmpty()) {
                continue;
            }
            String manager = foreign.isEmpty() ? ownership.latestForeignWriter(fieldManager, expectedManagers)
                    : foreign.stream().sorted().findFirst().orElseThrow();
            drifts.add(new FieldDrift(difference.path(), manager));
        }
        return drifts;
    }

    private record Difference(String path, List<String> tokens) {
    }

    private static void diff(JsonNode applied, JsonNode live, String path, List<String> tokens,
                             List<Difference> out) {
        if (IGNORED_PATHS.contains(path)) {
            return;
        }
        if (live == null || live.isNull()) {
            if (!applied.isNull()) {
                out.add(new Difference(path, tokens));
            }
            return;
        }
        if (applied.isObject()) {
            if (!live.isObject()) {
                out.add(new Difference(path, tokens));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                diff(field.getValue(), live.get(field.getKey()), path + "." + field.getKey(),
                        append(tokens, "f:" + field.getKey()), out);
            }
        } else if (applied.isArray()) {
            diffList(applied, live, path, tokens, out);
        } else if (!sameScalar(applied, live)) {
            out.add(new Difference(path, tokens));
        }
    }

    private static void diffList(JsonNode applied, JsonNode live, String path, List<String> tokens,
                                 List<Difference> out) {
        if (!live.isArray()) {
            out.add(new Difference(path, tokens));
            return;
        }
        List<String> keys = ListKeys.keysOf(path.substring(path.lastIndexOf('.') + 1), applied);
        if (keys.isEmpty()) {
            if (applied.size() != live.size()) {
                out.add(new Difference(path, tokens));
                return;
            }
            for (int i = 0; i < applied.size(); i++) {
                if (applied.get(i).isContainerNode()) {
                    diff(applied.get(i), live.get(i), path + "[" + i + "]", tokens, out);
                } else if (!sameScalar(applied.get(i), live.get(i))) {
                    out.add(new Difference(path, tokens));
                    return;
                }
            }
            return;
        }
        for (JsonNode element : applied) {
            Map<String, JsonNode> key = ListKeys.keyOf(element, keys);
            JsonNode match = null;
            for (JsonNode candidate : live) {
                if (ListKeys.keyOf(candidate, keys).equals(key)) {
                    match = candidate;
                    break;
                }
            }
            String elementPath = path + "[" + ListKeys.describe(key) + "]";
            List<String> elementTokens = append(tokens, ListKeys.token(key));
            if (match == null) {
                out.add(new Difference(elementPath, elementTokens));
            } else {
                diff(element, match, elementPath, elementTokens, out);
            }
        }
    }

    static boolean sameScalar(JsonNode applied, JsonNode live) {
        if (applied.equals(live)) {
            return true;
        }
        if (applied.isNumber() && live.isNumber()) {
            return applied.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        if (applied.isValueNode() && live.isValueNode()) {
            return applied.asText().equals(live.asText());
        }
        return false;
    }

    private static List<String> append(List<String> tokens, String token) {
        List<String> next = new ArrayList<>(tokens.size() + 1);
        next.addAll(tokens);
        next.add(token);
        return next;
    }

    /** Who owns which fields, from the live object's managedFields (main resource only). */
    private static final class Ownership {
        private final Map<String, JsonNode> fieldsByManager = new HashMap<>();
        private final Map<String, String> timeByManager = new HashMap<>();

        static Ownership of(JsonNode live) {
            Ownership ownership = new Ownership();
            for (JsonNode entry : live.path("metadata").path("managedFields")) {
                if (entry.hasNonNull("subresource") && !entry.path("subresource").asText("").isEmpty()) {
                    continue;
                }
                String manager = entry.path("manager").asText(FieldDrift.UNKNOWN_MANAGER);
                ownership.fieldsByManager.put(manager + "\u0000" + entry.path("operation").asText(""),
                        entry.path("fieldsV1"));
                ownership.timeByManager.merge(manager, entry.path("time").asText(""),
                        (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
            return ownership;
        }

        Set<String> owners(List<String> tokens) {
            Set<String> owners = new HashSet<>();
            for (Map.Entry<String, JsonNode> entry : fieldsByManager.entrySet()) {
                if (owns(entry.getValue(), tokens)) {
                    owners.add(entry.getKey().substring(0, entry.getKey().indexOf('\u0000')));
                }
            }
            return owners;
        }

        private static boolean owns(JsonNode fields, List<String> tokens) {
            JsonNode node = fields;
            for (String token : tokens) {
                if (node == null || !node.isObject()) {
                    return false;
                }
                JsonNode child = node.get(token);
                if (child == null) {
                    return false;
                }
                if (child.isObject() && child.isEmpty()) {
                    // a leaf: the field (or an atomic list/map holding the path) is owned as a whole
                    return true;
                }
                node = child;
            }
            return node != null && node.has(".");
        }

        String latestForeignWriter(String self, Set<String> expected) {
            return timeByManager.entrySet().stream()
                    .filter(e -> !e.getKey().equals(self) && !expected.contains(e.getKey()))
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(FieldDrift.UNKNOWN_MANAGER);
        }
    }
}
