package io.gitops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml, parsed (SnakeYAML, merge keys resolved). */
final class Compose {

    static final String FILE = "docker-compose.yml";
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?+]([^}]*))?}");

    private final Map<String, Object> document;

    private Compose(Map<String, Object> document) {
        this.document = document;
    }

    static Compose load() {
        return parse(Repo.read(FILE));
    }

    static Compose parse(String yaml) {
        return new Compose(Queries.yaml().load(yaml));
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) document.get("services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError(FILE + " has no service " + name);
        }
        return service;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> namedVolumes() {
        Object volumes = document.get("volumes");
        return volumes == null ? Map.of() : (Map<String, Object>) volumes;
    }

    /** The environment of a service as name -> value (map or list form). */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> result = new LinkedHashMap<>();
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                int eq = text.indexOf('=');
                result.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return result;
    }

    /** A volume entry, short syntax {@code source:target[:mode]}. */
    record Mount(String source, String target, boolean readOnly) {

        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || source.startsWith("${");
        }
    }

    static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> result = new ArrayList<>();
        Object volumes = service.get("volumes");
        if (volumes instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                // ${VAR:-default}:target[:ro] - the default may itself contain ':'? Not here: split after the '}'.
                String source;
                String rest;
                if (text.startsWith("${")) {
                    int close = text.indexOf('}');
                    source = text.substring(0, close + 1);
                    rest = text.substring(close + 2);
                } else {
                    int colon = text.indexOf(':');
                    source = text.substring(0, colon);
                    rest = text.substring(colon + 1);
                }
                String[] parts = rest.split(":");
                result.add(new Mount(source, parts[0], parts.length > 1 && parts[1].contains("ro")));
            }
        }
        return result;
    }

    /** Container ports published ("host:container" or "container"). */
    static List<Integer> containerPorts(Map<String, Object> service) {
        List<Integer> result = new ArrayList<>();
        Object ports = service.get("ports");
        if (ports instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                String container = text.substring(text.lastIndexOf(':') + 1).replace("/tcp", "");
                result.add(Integer.parseInt(container));
            }
        }
        return result;
    }

    /** The value with ${VAR:-default} replaced by its default (what a fresh laptop gets). */
    static String withDefaults(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether every interpolation in the value has a default (the file works without a .env). */
    static Optional<String> interpolationWithoutDefault(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        while (m.find()) {
            if (m.group(2) == null) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }
}
