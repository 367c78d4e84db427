package io.gitops.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a service declares: its application.properties (any profile), its {@code @ConfigMapping}
 * interfaces (members in kebab-case, nested groups, {@code @WithName}, maps as wildcards), its
 * {@code @ConfigProperty(name = ...)} injections and the keys of its README's configuration table. An environment
 * variable names a key when it equals the key's MicroProfile Config environment form (every character other than
 * a letter or digit becomes {@code _}, then upper case).
 *
 * <p>The config groups a service embeds from the service kit ({@code @WithParentName ServiceConfig service();}, a
 * repository as {@code GitRepositoryConfig repo();}) are followed into {@code service-kit}'s config and git
 * packages. A {@code KAFKA_*} variable names a key when it is a standard
 * Kafka client property ({@link #isKafkaClientVariable}): every service reads the whole {@code kafka.*}
 * configuration (Quarkus' {@code default-kafka-broker} map, which the SmallRye channels and
 * {@code KafkaClientSettings.from} use), so {@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}.
 */
final class ConfigKeys {

    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");
    private static final Pattern CONFIG_MAPPING = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)[^{;]*?interface\\s+(\\w+)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)([^{]*)\\{");
    private static final Pattern EXTENDS = Pattern.compile("\\bextends\\s+([\\w.,\\s]+)");
    private static final Pattern MEMBER = Pattern.compile("([\\w.]+(?:\\s*<[^;()]*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*$");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern WITH_PARENT_NAME = Pattern.compile("@WithParentName\\b");
    private static final Pattern README_KEY = Pattern.compile("^\\|\\s*`([a-z0-9][\\w.\\-\"*\\[\\]<>]*)`");
    private static final Pattern README_ENV = Pattern.compile("\\(`([A-Z][A-Z0-9_]*)`\\)");

    /** The packages of the service kit holding config groups that services embed. */
    static final List<String> KIT_CONFIG = List.of("service-kit/src/main/java/io/gitops/kit/config",
            "service-kit/src/main/java/io/gitops/kit/git");
    private static final Set<String> KAFKA_CLIENT_PROPERTIES = kafkaClientProperties();

    private final Set<String> keys = new TreeSet<>();
    private final Set<String> wildcardPrefixes = new TreeSet<>();
    private final Set<String> readmeEnvNames = new TreeSet<>();

    private ConfigKeys() {
    }

    /** Everything {@code service} declares (empty when it is not written yet). */
    static ConfigKeys of(PlatformService service) {
        ConfigKeys result = new ConfigKeys();
        service.applicationProperties().ifPresent(p -> p.stringPropertyNames()
                .forEach(k -> result.keys.add(PROFILE.matcher(k).replaceFirst(""))));
        Map<String, String> declared = new HashMap<>();
        Map<String, List<String>> parents = new HashMap<>();
        List<String> sources = new ArrayList<>();
        for (Path file : Repo.files(service.moduleDirectory() + "/src/main/java", ".java")) {
            String source = stripComments(Repo.read(file));
            sources.add(source);
            collectInterfaces(source, declared, parents);
        }
        for (String kitPackage : KIT_CONFIG) {
            for (Path file : Repo.files(kitPackage, ".java")) {
                collectInterfaces(stripComments(Repo.read(file)), declared, parents);
            }
        }
        Map<String, String> interfaces = new HashMap<>();
        declared.keySet().forEach(name -> interfaces.put(name, withInherited(name, declared, parents, 0)));
        for (String source : sources) {
            Matcher mapping = CONFIG_MAPPING.matcher(source);
            while (mapping.find()) {
                String body = interfaces.get(mapping.group(2));
                if (body != null) {
                    result.addGroup(mapping.group(1), body, interfaces, 0);
                }
            }
            Matcher property = CONFIG_PROPERTY.matcher(source);
            while (property.find()) {
                result.keys.add(property.group(1));
            }
        }
        Path readme = Repo.path(service.moduleDirectory() + "/README.md");
        if (readme.toFile().isFile()) {
            for (String line : Repo.read(readme).split("\n")) {
                Matcher key = README_KEY.matcher(line);
                if (key.find()) {
                    result.keys.add(key.group(1));
                    Matcher env = README_ENV.matcher(line);
                    while (env.find()) {
                        result.readmeEnvNames.add(env.group(1));
                    }
                }
            }
        }
        return result;
    }

    private static void collectInterfaces(String source, Map<String, String> declared,
                                          Map<String, List<String>> parents) {
        Matcher m = INTERFACE.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            if (declared.putIfAbsent(name, body(source, m.end() - 1)) == null) {
                Matcher ext = EXTENDS.matcher(m.group(2));
                List<String> supers = new ArrayList<>();
                if (ext.find()) {
                    for (String parent : ext.group(1).split(",")) {
                        String simple = parent.trim();
                        supers.add(simple.substring(simple.lastIndexOf('.') + 1));
                    }
                }
                parents.put(name, supers);
            }
        }
    }

    /** An interface's members with those of the interfaces it extends (a config group may extend another). */
    private static String withInherited(String name, Map<String, String> declared, Map<String, List<String>> parents,
                                        int depth) {
        StringBuilder members = new StringBuilder(declared.get(name));
        if (depth < 8) {
            for (String parent : parents.getOrDefault(name, List.of())) {
                if (declared.containsKey(parent)) {
                    members.append(";\n").append(withInherited(parent, declared, parents, depth + 1));
                }
            }
        }
        return members.toString();
    }

    /** The MicroProfile Config environment form of a key. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the environment variable {@code name} sets one of the declared keys. */
    boolean declaresEnvironment(String name) {
        if (readmeEnvNames.contains(name) || isKafkaClientVariable(name)) {
            return true;
        }
        for (String key : keys) {
            if (environmentName(key).equals(name)) {
                return true;
            }
        }
        for (String prefix : wildcardPrefixes) {
            if (name.startsWith(environmentName(prefix) + "_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} is {@code KAFKA_} plus a producer, consumer or admin client property the way Quarkus'
     * {@code default-kafka-broker} map reads it (lower case, {@code _} to {@code .}).
     */
    static boolean isKafkaClientVariable(String name) {
        return name.startsWith("KAFKA_") && KAFKA_CLIENT_PROPERTIES.contains(
                name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
    }

    private static Set<String> kafkaClientProperties() {
        Set<String> names = new TreeSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        return names;
    }

    Set<String> keys() {
        return keys;
    }

    private void addGroup(String prefix, String body, Map<String, String> interfaces, int depth) {
        if (depth > 8) {
            return;
        }
        for (String declaration : members(body)) {
            String text = declaration.trim();
            if (text.startsWith("default ") || text.startsWith("static ") || text.contains("=")) {
                continue;
            }
            String withoutAnnotations = text.replaceAll("@\\w+(\\s*\\([^)]*\\))?", " ").trim();
            Matcher member = MEMBER.matcher(withoutAnnotations);
            if (!member.find()) {
                continue;
            }
            String type = member.group(1).replaceAll("\\s+", "");
            Matcher withName = WITH_NAME.matcher(text);
            boolean parentName = WITH_PARENT_NAME.matcher(text).find();
            String name = withName.find() ? withName.group(1) : kebab(member.group(2));
            String key = parentName ? prefix : prefix + "." + name;
            String inner = innerType(type);
            if (type.startsWith("Map<") || type.startsWith("java.util.Map<")) {
                wildcardPrefixes.add(key);
                keys.add(key);
            } else if (interfaces.containsKey(inner) && (type.startsWith("List<") || type.startsWith("java.util.List<"))) {
                wildcardPrefixes.add(key);
                keys.add(key);
            } else if (interfaces.containsKey(inner)) {
                addGroup(key, interfaces.get(inner), interfaces, depth + 1);
            } else {
                keys.add(key);
            }
        }
    }

    /** Optional<X> / List<X> / X -> X (simple name). */
    private static String innerType(String type) {
        String t = type;
        while (t.contains("<")) {
            String outer = t.substring(0, t.indexOf('<'));
            String rest = t.substring(t.indexOf('<') + 1, t.lastIndexOf('>'));
            if (outer.endsWith("Map")) {
                t = rest.substring(rest.indexOf(',') + 1);
            } else {
                t = rest;
            }
        }
        return t.substring(t.lastIndexOf('.') + 1);
    }

    /** Declarations directly in an interface body: nested bodies removed, split on ';'. */
    private static List<String> members(String body) {
        StringBuilder flat = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    flat.append(';');
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                flat.append(c);
            }
        }
        List<String> result = new ArrayList<>();
        for (String part : flat.toString().split(";")) {
            // A nested "interface X" header or "default ... m()" header left before its removed body.
            if (!part.isBlank() && !part.matches("(?s).*\\binterface\\s+\\w+.*") && !part.matches("(?s).*\\b(enum|class|record)\\s+\\w+.*")) {
                result.add(part);
            }
        }
        return result;
    }

    /** The text between the brace at {@code open} and its match. */
    private static String body(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return source.substring(open + 1, i);
                }
            }
        }
        return source.substring(open + 1);
    }

    /** Comments removed, and braces inside string literals masked so that they do not count as blocks. */
    private static String stripComments(String source) {
        String text = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//[^\\n\"]*$", " ");
        StringBuilder masked = new StringBuilder(text.length());
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean charLiteral = i > 0 && i + 1 < text.length() && text.charAt(i - 1) == '\'' && text.charAt(i + 1) == '\'';
            if (c == '"' && !charLiteral && (i == 0 || text.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
            masked.append(inString && (c == '{' || c == '}') ? '_' : c);
        }
        return masked.toString();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }
}
