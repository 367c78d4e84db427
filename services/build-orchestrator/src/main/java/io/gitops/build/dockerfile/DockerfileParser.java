package io.gitops.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Dockerfile into stages: line continuations, comments, {@code ARG} defaults (global ones before the first
 * FROM, redeclared inside a stage to be used there), {@code ENV} within a stage, and {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}} and {@code ${VAR:+alt}} substitution in FROM, USER, COPY, ADD, WORKDIR, ENV, LABEL and EXPOSE.
 * Build arguments given to the build override ARG defaults, as {@code --build-arg} does.
 */
public final class DockerfileParser {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final java.util.Set<String> SUBSTITUTED = java.util.Set.of("FROM", "USER", "COPY", "ADD",
            "WORKDIR", "ENV", "LABEL", "EXPOSE", "ARG", "VOLUME", "STOPSIGNAL");

    private DockerfileParser() {
    }

    public static Dockerfile parse(String text, Map<String, String> buildArgs) throws DockerfileException {
        List<Instruction> instructions = instructions(text);
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<DockerfileStage> stages = new ArrayList<>();
        Map<String, String> scope = null;
        String base = null;
        boolean unresolvedBase = false;
        String alias = null;
        int fromLine = 0;
        List<DockerfileStage.ResolvedInstruction> current = new ArrayList<>();
        for (Instruction instruction : instructions) {
            String keyword = instruction.keyword();
            if ("FROM".equals(keyword)) {
                if (base != null) {
                    stages.add(new DockerfileStage(base, unresolvedBase, alias, stages.size(), fromLine, current));
                }
                List<String> words = words(stripFlags(instruction.arguments()));
                if (words.isEmpty()) {
                    throw new DockerfileException("line " + instruction.line() + ": FROM needs an image");
                }
                Substitution from = substitute(words.get(0), globalArgs);
                base = from.value();
                unresolvedBase = from.unresolved();
                alias = words.size() >= 3 && "as".equalsIgnoreCase(words.get(1)) ? words.get(2) : null;
                fromLine = instruction.line();
                current = new ArrayList<>();
                scope = new HashMap<>();
            } else if ("ARG".equals(keyword)) {
                for (String declaration : words(instruction.arguments())) {
                    int eq = declaration.indexOf('=');
                    String name = eq < 0 ? declaration : declaration.substring(0, eq);
                    String value = buildArgs.containsKey(name) ? buildArgs.get(name)
                            : eq < 0 ? (scope == null ? null : globalArgs.get(name))
                            : substitute(unquote(declaration.substring(eq + 1)), scope == null ? globalArgs : scope)
                                    .value();
                    if (scope == null) {
                        globalArgs.put(name, value);
                    } else if (value != null) {
                        scope.put(name, value);
                    } else if (globalArgs.get(name) != null) {
                        scope.put(name, globalArgs.get(name));
                    }
                }
                if (scope != null) {
                    current.add(new DockerfileStage.ResolvedInstruction(keyword, instruction.arguments(),
                            instruction.line()));
                }
            } else if (scope == null) {
                throw new DockerfileException("line " + instruction.line() + ": " + keyword
                        + " before the first FROM (only ARG may come first)");
            } else {
                String arguments = SUBSTITUTED.contains(keyword)
                        ? substitute(instruction.arguments(), scope).value() : instruction.arguments();
                if ("ENV".equals(keyword)) {
                    scope.putAll(keyValues(arguments));
                }
                current.add(new DockerfileStage.ResolvedInstruction(keyword, arguments, instruction.line()));
            }
        }
        if (base == null) {
            throw new DockerfileException("the Dockerfile has no FROM instruction");
        }
        stages.add(new DockerfileStage(base, unresolvedBase, alias, stages.size(), fromLine, current));
        return new Dockerfile(stages);
    }

    /** Splits into instructions: comments and blank lines dropped, backslash continuations joined. */
    static List<Instruction> instructions(String text) throws DockerfileException {
        List<Instruction> result = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending == null)) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            pending.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                result.add(instruction(pending.toString().strip(), start));
                pending = null;
            }
        }
        if (pending != null && !pending.toString().isBlank()) {
            result.add(instruction(pending.toString().strip(), start));
        }
        return result;
    }

    private static Instruction instruction(String text, int line) throws DockerfileException {
        int space = indexOfWhitespace(text);
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        if (!keyword.matches("[A-Z]+")) {
            throw new DockerfileException("line " + line + ": '" + keyword + "' is not an instruction");
        }
        return new Instruction(keyword, space < 0 ? "" : text.substring(space + 1).strip(), line);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Drops leading {@code --flag=value} words (e.g. {@code --platform=}, {@code --chown=}). */
    public static String stripFlags(String arguments) {
        String rest = arguments.strip();
        while (rest.startsWith("--")) {
            int space = indexOfWhitespace(rest);
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        return rest;
    }

    /** Leading {@code --name=value} flags of an instruction. */
    public static Map<String, String> flags(String arguments) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String word : words(arguments)) {
            if (!word.startsWith("--")) {
                break;
            }
            int eq = word.indexOf('=');
            flags.put(eq < 0 ? word.substring(2) : word.substring(2, eq), eq < 0 ? "" : word.substring(eq + 1));
        }
        return flags;
    }

    /** Whitespace-separated words, honouring double and single quotes. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code KEY=VALUE ...} pairs, or the legacy {@code KEY VALUE} form. */
    public static Map<String, String> keyValues(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> words = words(arguments);
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            values.put(words.get(0), String.join(" ", words.subList(1, words.size())));
            return values;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                values.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return values;
    }

    private static String unquote(String value) {
        List<String> words = words(value);
        return words.isEmpty() ? "" : String.join(" ", words);
    }

    /** A substituted value; {@code unresolved} when a variable had no value and no default. */
    record Substitution(String value, boolean unresolved) {
    }

    static Substitution substitute(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean unresolved = false;
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
            String value = variables.get(name);
            String replacement;
            if (":-".equals(matcher.group(2))) {
                replacement = value == null || value.isEmpty() ? matcher.group(3) : value;
            } else if (":+".equals(matcher.group(2))) {
                replacement = value == null || value.isEmpty() ? "" : matcher.group(3);
            } else if (value == null) {
                unresolved = true;
                replacement = "";
            } else {
                replacement = value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return new Substitution(out.toString(), unresolved);
    }
}
