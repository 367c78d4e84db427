package io.gitops.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read field by field, collecting a located {@link ConfigProblem} for each missing, mistyped or
 * unknown key instead of stopping at the first.
 */
final class YamlMap {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<ConfigProblem> problems;

    YamlMap(String file, String path, Node node, List<ConfigProblem> problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    if (entries.putIfAbsent(key.getValue(), tuple) != null) {
                        problem(key, "duplicate key '" + key(key.getValue()) + "'");
                    }
                } else {
                    problem(tuple.getKeyNode(), "keys must be plain strings");
                }
            }
        } else if (node != null) {
            problem(node, (path.isEmpty() ? "the document" : path) + " must be a mapping");
        }
    }

    boolean isPresent() {
        return node instanceof MappingNode;
    }

    void problem(Node at, String message) {
        problems.add(at == null
                ? new ConfigProblem(file, 0, 0, message)
                : new ConfigProblem(file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, message));
    }

    Node where() {
        return node;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void rejectUnknown(Set<String> known) {
        entries.forEach((name, tuple) -> {
            if (!known.contains(name)) {
                problem(tuple.getKeyNode(), "unknown key '" + key(name) + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        });
    }

    Node value(String name) {
        NodeTuple tuple = entries.get(name);
        if (tuple == null) {
            return null;
        }
        Node value = tuple.getValueNode();
        return value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL) ? null : value;
    }

    String string(String name, String fallback, boolean required) {
        Node value = value(name);
        if (value == null) {
            if (required) {
                problem(node, "'" + key(name) + "' is required");
            }
            return fallback;
        }
        if (value instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(value, "'" + key(name) + "' must be a string");
        return fallback;
    }

    boolean bool(String name, boolean fallback) {
        Node value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        problem(value, "'" + key(name) + "' must be true or false");
        return fallback;
    }

    double number(String name, double fallback, double min, double max) {
        Node value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            try {
                double number = Double.parseDouble(scalar.getValue());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(value, "'" + key(name) + "' must be a number from " + format(min) + " to " + format(max));
        return fallback;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    int integer(String name, int fallback, int min, int max) {
        Node value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                int number = Integer.parseInt(scalar.getValue());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(value, "'" + key(name) + "' must be a whole number from " + min + " to " + max);
        return fallback;
    }

    YamlMap map(String name) {
        return new YamlMap(file, key(name), value(name), problems);
    }

    /** Items of a sequence (empty when absent; a problem when not a sequence). */
    List<Node> list(String name) {
        Node value = value(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            return new ArrayList<>(sequence.getValue());
        }
        problem(value, "'" + key(name) + "' must be a list");
        return List.of();
    }

    List<String> strings(String name, List<String> fallback) {
        if (value(name) == null) {
            return fallback;
        }
        List<String> strings = new ArrayList<>();
        for (Node item : list(name)) {
            if (item instanceof ScalarNode scalar) {
                strings.add(scalar.getValue());
            } else {
                problem(item, "'" + key(name) + "' must be a list of strings");
            }
        }
        return strings;
    }

    YamlMap item(Node item, int index, String listName) {
        return new YamlMap(file, key(listName) + "[" + index + "]", item, problems);
    }

    Map<String, NodeTuple> entries() {
        return entries;
    }
}
