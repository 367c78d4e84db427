package io.gitops.health.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gitops.config.InvalidConfigException;
import io.gitops.config.SafeYaml;
import io.gitops.events.data.RolloutFailureReason;

/**
 * Reads a rules file (see {@code health-rules.yaml}) and checks it completely: unknown keys, unknown failure
 * reasons, unknown threshold names, malformed durations and unknown message variables are errors naming the rule,
 * so a broken rules file stops the service at start instead of misjudging rollouts.
 */
public final class HealthRulesLoader {

    private static final Set<String> TOP = Set.of("workloadRules", "containerRules");
    private static final Set<String> WORKLOAD_KEYS = Set.of("name", "kinds", "condition", "fail", "message");
    private static final Set<String> CONDITION_KEYS = Set.of("type", "status", "reason");
    private static final Set<String> CONTAINER_KEYS = Set.of("name", "when", "fail", "message");
    private static final Set<String> WHEN_KEYS = Set.of("waitingReason", "running", "ready", "restartsAbove",
            "afterInitialDelay", "forAtLeast", "observationsAtLeast");
    private static final Set<String> NUMBER_NAMES = Set.of("restartThreshold", "readinessFailures");
    private static final Set<String> DURATION_NAMES = Set.of("imagePullGrace");

    private HealthRulesLoader() {
    }

    public static HealthRules load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read health rules " + file + ": " + e.getMessage(), e);
        }
    }

    public static HealthRules parse(String yaml, String source) {
        Object doc;
        try {
            doc = SafeYaml.load(yaml, source);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException("health rules " + source + ": " + e.getMessage(), e);
        }
        Map<String, Object> root = map(doc, source, "the document");
        unknownKeys(root, TOP, source, "the document");
        List<WorkloadRule> workloadRules = new ArrayList<>();
        List<ContainerRule> containerRules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object item : list(root.get("workloadRules"), source, "workloadRules")) {
            WorkloadRule rule = workloadRule(map(item, source, "a workload rule"), source);
            unique(names, rule.name(), source);
            workloadRules.add(rule);
        }
        for (Object item : list(root.get("containerRules"), source, "containerRules")) {
            ContainerRule rule = containerRule(map(item, source, "a container rule"), source);
            unique(names, rule.name(), source);
            containerRules.add(rule);
        }
        return new HealthRules(workloadRules, containerRules);
    }

    private static WorkloadRule workloadRule(Map<String, Object> rule, String source) {
        String name = required(rule, "name", source, "a workload rule");
        String where = "workload rule '" + name + "'";
        unknownKeys(rule, WORKLOAD_KEYS, source, where);
        List<String> kinds = strings(rule.get("kinds"), source, where + " kinds");
        for (String kind : kinds) {
            if (!WorkloadRule.KNOWN_KINDS.contains(kind)) {
                throw error(source, where, "kind " + kind + " is not one of " + WorkloadRule.KNOWN_KINDS);
            }
        }
        if (kinds.isEmpty()) {
            throw error(source, where, "needs at least one kind");
        }
        Map<String, Object> condition = map(rule.get("condition"), source, where + " condition");
        unknownKeys(condition, CONDITION_KEYS, source, where + " condition");
        return new WorkloadRule(name, Set.copyOf(kinds), required(condition, "type", source, where + " condition"),
                optional(condition, "status"), optional(condition, "reason"), reason(rule, source, where),
                template(rule, WorkloadRule.VARIABLES, source, where));
    }

    private static ContainerRule containerRule(Map<String, Object> rule, String source) {
        String name = required(rule, "name", source, "a container rule");
        String where = "container rule '" + name + "'";
        unknownKeys(rule, CONTAINER_KEYS, source, where);
        Map<String, Object> when = map(rule.get("when"), source, where + " when");
        unknownKeys(when, WHEN_KEYS, source, where + " when");
        if (when.isEmpty()) {
            throw error(source, where, "'when' needs at least one condition");
        }
        Object waiting = when.get("waitingReason");
        List<String> waitingReasons = waiting instanceof String s ? List.of(s)
                : strings(waiting, source, where + " waitingReason");
        String restartsAbove = threshold(when.get("restartsAbove"), NUMBER_NAMES, false, source, where);
        String forAtLeast = threshold(when.get("forAtLeast"), DURATION_NAMES, true, source, where);
        String observations = threshold(when.get("observationsAtLeast"), NUMBER_NAMES, false, source, where);
        if (forAtLeast != null && observations != null) {
            throw error(source, where, "give either forAtLeast or observationsAtLeast, not both");
        }
        return new ContainerRule(name, Set.copyOf(waitingReasons), bool(when, "running", source, where),
                bool(when, "ready", source, where), restartsAbove,
                Boolean.TRUE.equals(bool(when, "afterInitialDelay", source, where)), forAtLeast, observations,
                reason(rule, source, where), template(rule, ContainerRule.VARIABLES, source, where));
    }

    private static String threshold(Object value, Set<String> names, boolean duration, String source, String where) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        if (names.contains(text)) {
            return text;
        }
        try {
            if (duration) {
                Durations.parse(text);
            } else {
                Long.parseLong(text);
            }
        } catch (IllegalArgumentException e) {
            throw error(source, where, "'" + text + "' is neither one of " + names.stream().sorted().toList()
                    + " nor a " + (duration ? "duration (e.g. 5s)" : "number"));
        }
        return text;
    }

    private static RolloutFailureReason reason(Map<String, Object> rule, String source, String where) {
        String fail = required(rule, "fail", source, where);
        try {
            return RolloutFailureReason.valueOf(fail);
        } catch (IllegalArgumentException e) {
            throw error(source, where, "fail: " + fail + " is not one of " + List.of(RolloutFailureReason.values()));
        }
    }

    private static MessageTemplate template(Map<String, Object> rule, Set<String> variables, String source,
                                            String where) {
        try {
            return MessageTemplate.parse(required(rule, "message", source, where), variables);
        } catch (IllegalArgumentException e) {
            throw error(source, where, e.getMessage());
        }
    }

    private static Boolean bool(Map<String, Object> map, String key, String source, String where) {
        Object value = map.get(key);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw error(source, where, key + " must be true or false");
    }

    private static void unique(Set<String> names, String name, String source) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("health rules " + source + ": rule name '" + name + "' is used twice");
        }
    }

    private static String required(Map<String, Object> map, String key, String source, String where) {
        String value = optional(map, key);
        if (value == null || value.isBlank()) {
            throw error(source, where, "'" + key + "' is required");
        }
        return value;
    }

    private static String optional(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String source, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("health rules " + source + ": " + where + " must be a mapping");
    }

    private static List<?> list(Object value, String source, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("health rules " + source + ": " + where + " must be a list");
    }

    private static List<String> strings(Object value, String source, String where) {
        List<String> out = new ArrayList<>();
        for (Object item : list(value, source, where)) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static void unknownKeys(Map<String, Object> map, Collection<String> known, String source, String where) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw error(source, where, "unknown key '" + key + "' (known: " + known.stream().sorted().toList()
                        + ")");
            }
        }
    }

    private static IllegalArgumentException error(String source, String where, String problem) {
        return new IllegalArgumentException("health rules " + source + ": " + where + ": " + problem);
    }
}
