package io.gitops.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code .gitops/quarantine.yaml}: image tags whose rollout failed. A quarantined tag is never bumped to or applied
 * again until someone removes its entry in Git.
 * <pre>
 * quarantined:
 *   - app: shop
 *     env: staging
 *     tag: 9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070
 *     reason: CRASH_LOOP
 *     since: 2026-11-27T10:03:30Z
 * </pre>
 * An entry without {@code env} quarantines the tag for every environment of the app.
 */
public record Quarantine(List<Entry> entries) {

    public static final Quarantine EMPTY = new Quarantine(List.of());

    public Quarantine {
        entries = List.copyOf(entries);
    }

    /** One quarantined tag. */
    public record Entry(String app, String env, String tag, String reason, String since) {
    }

    public boolean isQuarantined(String app, String env, String tag) {
        return entries.stream().anyMatch(e -> e.app().equals(app) && e.tag().equals(tag)
                && (e.env() == null || e.env().equals(env)));
    }

    /** Parses the file; an absent or empty file is an empty quarantine. */
    public static Quarantine parse(String yaml, String file) {
        if (yaml == null || yaml.isBlank()) {
            return EMPTY;
        }
        Object root = SafeYaml.load(yaml, file);
        if (root == null) {
            return EMPTY;
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("quarantined") instanceof List<?> || map.get("quarantined") == null)) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file, 0, 0,
                    "must be a mapping with a 'quarantined' list")));
        }
        List<Entry> entries = new ArrayList<>();
        List<?> items = map.get("quarantined") == null ? List.of() : (List<?>) map.get("quarantined");
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item) || item.get("app") == null || item.get("tag") == null) {
                throw new InvalidConfigException(List.of(new ConfigProblem(file, 0, 0,
                        "quarantined[" + i + "] needs at least app and tag")));
            }
            entries.add(new Entry(text(item.get("app")), text(item.get("env")), text(item.get("tag")),
                    text(item.get("reason")), text(item.get("since"))));
        }
        return new Quarantine(entries);
    }

    private static String text(Object value) {
        if (value instanceof java.util.Date date) {
            return date.toInstant().toString();
        }
        return value == null ? null : value.toString();
    }

    /**
     * Appends an entry to the file's text, keeping everything already there (comments included). Returns the text
     * unchanged when the tag is already quarantined for that app and env.
     */
    public static String append(String existing, String file, String app, String env, String tag, String reason,
                                Instant since) {
        Dns1123.requireLabel("application name", app);
        if (env != null) {
            Dns1123.requireLabel("environment name", env);
        }
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("not an image tag: " + tag);
        }
        Quarantine current = parse(existing, file);
        if (current.entries.stream().anyMatch(e -> e.app().equals(app) && e.tag().equals(tag)
                && (e.env() == null || e.env().equals(env)))) {
            return existing;
        }
        StringBuilder text = new StringBuilder();
        if (existing == null || existing.isBlank() || current.entries.isEmpty() && !existing.contains("quarantined:")) {
            text.append(existing == null || existing.isBlank()
                    ? "# Image tags whose rollout failed: never bumped to or applied again.\n"
                    + "# Remove an entry (in a reviewed commit) to allow the tag again.\n"
                    : ensureNewline(existing));
            text.append("quarantined:\n");
        } else if (existing.matches("(?s).*quarantined:\\s*\\[\\s*]\\s*")) {
            text.append(existing.replaceFirst("quarantined:\\s*\\[\\s*]\\s*$", "quarantined:\n"));
        } else {
            text.append(ensureNewline(existing));
        }
        text.append("  - app: ").append(app).append('\n');
        if (env != null) {
            text.append("    env: ").append(env).append('\n');
        }
        text.append("    tag: \"").append(tag).append("\"\n");
        if (reason != null) {
            text.append("    reason: ").append(quote(reason)).append('\n');
        }
        text.append("    since: \"").append(since).append("\"\n");
        return text.toString();
    }

    private static String ensureNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
