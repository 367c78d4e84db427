package io.gitops.bumper.values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.gitops.config.InvalidConfigException;
import io.gitops.config.SafeYaml;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Sets one scalar of a Helm values file (a dotted key such as {@code image.tag}) as a <em>text edit</em>: the file is
 * composed with SnakeYAML (safe limits: no alias bombs, bounded size and nesting) only to learn where the key's value
 * sits, and exactly that span is replaced. Comments, blank lines, key order, quoting styles and flow mappings of the
 * rest of the file stay byte for byte as they were; the file is never re-dumped.
 *
 * <p>A missing key is added, with any missing parents, at the end of the innermost existing mapping, indented like its
 * siblings (block style) or as a new entry (flow style). The edited text is parsed again and compared with the
 * original values plus the one change: if anything else would change (the key is reached through an alias, or an
 * anchor is shared), the edit is refused.
 */
public final class ValuesEditor {

    /** What a plain (unquoted) value may look like; anything else is double-quoted. */
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Resolver RESOLVER = new Resolver();
    private static final int DEFAULT_INDENT_STEP = 2;

    private ValuesEditor() {
    }

    /** The scalar at {@code dottedKey}; empty when the key is missing or null. */
    public static Optional<String> read(String text, String file, String dottedKey) {
        String[] path = split(dottedKey);
        Node node = compose(text, file);
        for (int i = 0; i < path.length; i++) {
            if (node == null || isNull(node)) {
                return Optional.empty();
            }
            if (!(node instanceof MappingNode mapping)) {
                throw new ValuesEditException(where(file, node) + "'" + prefix(path, i) + "' is not a mapping");
            }
            NodeTuple tuple = find(mapping, path[i]);
            node = tuple == null ? null : tuple.getValueNode();
        }
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        throw new ValuesEditException(where(file, node) + "'" + dottedKey + "' holds a " + kind(node)
                + ", not a scalar");
    }

    /**
     * The text with {@code dottedKey} set to {@code value}; the very same text when it already holds that value.
     *
     * @throws ValuesEditException when the file is not YAML (or over the limits), is not a mapping, or the key cannot
     *                             be set by a local edit
     */
    public static String set(String text, String file, String dottedKey, String value) {
        String[] path = split(dottedKey);
        Node root = compose(text, file);
        Document doc = new Document(text, file);
        Edit edit = plan(doc, root, path, value);
        if (edit == null) {
            return text;
        }
        String edited = text.substring(0, edit.start()) + edit.replacement() + text.substring(edit.end());
        verify(text, edited, file, path, value);
        return edited;
    }

    private static Edit plan(Document doc, Node root, String[] path, String value) {
        if (root == null) {
            return doc.appendAtEnd(block(path, 0, doc.indentStep(null), value, doc.newline));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ValuesEditException(where(doc.file, root) + "values must be a mapping, not a " + kind(root));
        }
        int step = doc.indentStep(root);
        MappingNode current = mapping;
        for (int i = 0; i < path.length; i++) {
            NodeTuple tuple = find(current, path[i]);
            String[] rest = Arrays.copyOfRange(path, i, path.length);
            if (tuple == null) {
                if (hasMergeKey(current)) {
                    throw new ValuesEditException(where(doc.file, current) + "'" + prefix(path, i)
                            + "' uses a merge key (<<); add '" + path[i] + "' there by hand");
                }
                return insert(doc, current, rest, value, step);
            }
            Node node = tuple.getValueNode();
            if (isAliasReference(tuple)) {
                throw new ValuesEditException(where(doc.file, tuple.getKeyNode()) + "'" + prefix(path, i + 1)
                        + "' is an alias; edit the anchored value instead");
            }
            boolean last = i == path.length - 1;
            if (node instanceof ScalarNode scalar) {
                if (last) {
                    return replaceScalar(doc, tuple, scalar, value);
                }
                if (isNull(scalar)) {
                    return fillNull(doc, current, tuple, scalar, Arrays.copyOfRange(path, i + 1, path.length),
                            value, step);
                }
                throw new ValuesEditException(where(doc.file, scalar) + "'" + prefix(path, i + 1)
                        + "' is a scalar, so '" + String.join(".", path) + "' cannot be set under it");
            }
            if (last || !(node instanceof MappingNode child)) {
                throw new ValuesEditException(where(doc.file, node) + "'" + prefix(path, i + 1) + "' holds a "
                        + kind(node) + (last ? ", not a scalar" : ", not a mapping"));
            }
            current = child;
        }
        throw new IllegalStateException("unreachable: an empty key path");
    }

    private static Edit replaceScalar(Document doc, NodeTuple tuple, ScalarNode scalar, String value) {
        if (isEmptyNull(scalar)) {
            int colon = doc.colonAfter(tuple.getKeyNode());
            return new Edit(colon + 1, colon + 1, " " + render(value, ScalarStyle.PLAIN));
        }
        if (!isNull(scalar) && scalar.getValue().equals(value)) {
            return null;
        }
        int start = doc.offset(scalar.getStartMark());
        int end = doc.offset(scalar.getEndMark());
        ScalarStyle style = isNull(scalar) ? ScalarStyle.PLAIN : scalar.getScalarStyle();
        String trailing = "";
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            // A block scalar's span runs over its line breaks: keep them, replace the indicator and content.
            int contentEnd = doc.trimTrailingWhitespace(start, end);
            int firstBreak = doc.firstLineBreak(contentEnd, end);
            trailing = firstBreak < 0 ? "" : doc.text.substring(firstBreak, end);
            style = ScalarStyle.PLAIN;
        }
        return new Edit(start, end, render(value, style) + trailing);
    }

    private static Edit fillNull(Document doc, MappingNode owner, NodeTuple tuple, ScalarNode scalar, String[] rest,
                                 String value, int step) {
        if (isEmptyNull(scalar)) {
            int colon = doc.colonAfter(tuple.getKeyNode());
            if (owner.getFlowStyle() == FlowStyle.FLOW) {
                return new Edit(colon + 1, colon + 1, " {" + flow(rest, value) + "}");
            }
            int column = tuple.getKeyNode().getStartMark().getColumn();
            return doc.insertAfterLine(colon + 1, block(rest, column + step, step, value, doc.newline));
        }
        return new Edit(doc.offset(scalar.getStartMark()), doc.offset(scalar.getEndMark()),
                "{" + flow(rest, value) + "}");
    }

    private static Edit insert(Document doc, MappingNode mapping, String[] rest, String value, int step) {
        List<NodeTuple> tuples = mapping.getValue();
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            if (tuples.isEmpty()) {
                int close = doc.closingBracket(mapping);
                return new Edit(close, close, flow(rest, value));
            }
            int after = doc.end(tuples.get(tuples.size() - 1));
            return new Edit(after, after, ", " + flow(rest, value));
        }
        int column = tuples.get(0).getKeyNode().getStartMark().getColumn();
        int lastEnd = doc.end(tuples.get(tuples.size() - 1));
        return doc.insertAfterLine(lastEnd, block(rest, column, step, value, doc.newline));
    }

    /** Lines (joined by {@code newline}, no final line break) setting {@code path} to {@code value}. */
    private static String block(String[] path, int column, int step, String value, String newline) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < path.length; i++) {
            if (i > 0) {
                lines.append(newline);
            }
            lines.append(" ".repeat(column + i * step)).append(renderKey(path[i])).append(':');
            if (i == path.length - 1) {
                lines.append(' ').append(render(value, ScalarStyle.PLAIN));
            }
        }
        return lines.toString();
    }

    private static String flow(String[] path, String value) {
        String inner = renderKey(path[path.length - 1]) + ": " + render(value, ScalarStyle.PLAIN);
        for (int i = path.length - 2; i >= 0; i--) {
            inner = renderKey(path[i]) + ": {" + inner + "}";
        }
        return inner;
    }

    /** The value as a YAML scalar in {@code style}; plain only when it would read back as that same string. */
    static String render(String value, ScalarStyle style) {
        return switch (style) {
            case SINGLE_QUOTED -> "'" + value.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> doubleQuoted(value);
            default -> plainSafe(value) ? value : doubleQuoted(value);
        };
    }

    private static String renderKey(String key) {
        return plainSafe(key) ? key : doubleQuoted(key);
    }

    private static boolean plainSafe(String value) {
        return PLAIN_SAFE.matcher(value).matches() && RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
    }

    private static String doubleQuoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\x%02x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** Re-reads the edited text: only {@code path} may differ from the original values. */
    private static void verify(String original, String edited, String file, String[] path, String value) {
        Object before = normalise(SafeYaml.load(original, file), 0, new IdentityHashMap<>());
        Object after;
        try {
            after = normalise(SafeYaml.load(edited, file), 0, new IdentityHashMap<>());
        } catch (InvalidConfigException e) {
            throw new ValuesEditException(file + ": the edit would not be valid YAML (" + e.getMessage()
                    + "); refusing to write it", e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = before instanceof Map<?, ?> map
                ? (Map<String, Object>) map : new LinkedHashMap<>();
        Map<String, Object> level = expected;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = level.get(path[i]);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                level.put(path[i], child);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            level = next;
        }
        level.put(path[path.length - 1], value);
        if (!expected.equals(after)) {
            throw new ValuesEditException(file + ": setting '" + String.join(".", path)
                    + "' would change other values too (a shared anchor or alias?); refusing to edit");
        }
    }

    /** A mutable deep copy in which binary values compare by content. */
    private static Object normalise(Object value, int depth, IdentityHashMap<Object, Boolean> inProgress) {
        if (depth > SafeYaml.MAX_NESTING * 2) {
            throw new ValuesEditException("values nest too deeply to be checked");
        }
        if (value instanceof Map<?, ?> map) {
            if (inProgress.put(value, Boolean.TRUE) != null) {
                throw new ValuesEditException("values refer to themselves");
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(normalise(k, depth + 1, inProgress), normalise(v, depth + 1, inProgress)));
            inProgress.remove(value);
            return copy;
        }
        if (value instanceof List<?> list) {
            if (inProgress.put(value, Boolean.TRUE) != null) {
                throw new ValuesEditException("values refer to themselves");
            }
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(normalise(item, depth + 1, inProgress)));
            inProgress.remove(value);
            return copy;
        }
        if (value instanceof byte[] bytes) {
            return "binary:" + Base64.getEncoder().encodeToString(bytes);
        }
        return value;
    }

    private static Node compose(String text, String file) {
        try {
            return SafeYaml.compose(text, file);
        } catch (InvalidConfigException e) {
            throw new ValuesEditException(e.getMessage(), e);
        }
    }

    private static String[] split(String dottedKey) {
        if (dottedKey == null || dottedKey.isEmpty() || dottedKey.startsWith(".") || dottedKey.endsWith(".")
                || dottedKey.contains("..")) {
            throw new IllegalArgumentException("not a dotted values key: " + dottedKey);
        }
        return dottedKey.split("\\.");
    }

    private static NodeTuple find(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.MERGE)
                    && scalar.getValue().equals(key)) {
                return tuple;
            }
        }
        return null;
    }

    private static boolean hasMergeKey(MappingNode mapping) {
        return mapping.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.MERGE) || scalar.getValue().equals("<<")));
    }

    /** An alias composes to the anchored node itself, whose marks lie before the key that refers to it. */
    private static boolean isAliasReference(NodeTuple tuple) {
        return tuple.getValueNode().getStartMark().getIndex() < tuple.getKeyNode().getEndMark().getIndex();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static boolean isEmptyNull(ScalarNode scalar) {
        return isNull(scalar) && scalar.getValue().isEmpty() && scalar.getScalarStyle() == ScalarStyle.PLAIN;
    }

    private static String kind(Node node) {
        return switch (node.getNodeId()) {
            case mapping -> "mapping";
            case sequence -> "list";
            default -> "scalar";
        };
    }

    private static String prefix(String[] path, int length) {
        return String.join(".", Arrays.copyOfRange(path, 0, Math.max(length, 1)));
    }

    private static String where(String file, Node node) {
        Mark mark = node.getStartMark();
        return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
    }

    /** Replace {@code [start, end)} of the text by {@code replacement} (char offsets). */
    private record Edit(int start, int end, String replacement) {
    }

    /** The text being edited, with SnakeYAML marks (code point indexes) translated to char offsets. */
    private static final class Document {
        private final String text;
        private final String file;
        private final String newline;
        private final boolean bmpOnly;

        Document(String text, String file) {
            this.text = text;
            this.file = file;
            this.newline = text.contains("\r\n") ? "\r\n" : "\n";
            this.bmpOnly = text.codePointCount(0, text.length()) == text.length();
        }

        int offset(Mark mark) {
            return bmpOnly ? mark.getIndex() : text.offsetByCodePoints(0, mark.getIndex());
        }

        /** Where the content of a mapping entry ends (before trailing line breaks of a block scalar). */
        int end(NodeTuple tuple) {
            int keyEnd = offset(tuple.getKeyNode().getEndMark());
            return end(tuple.getValueNode(), keyEnd);
        }

        private int end(Node node, int notBefore) {
            int start = offset(node.getStartMark());
            if (start < notBefore) {
                return notBefore; // an alias: it sits on the line of its key
            }
            if (node instanceof ScalarNode scalar) {
                if (isEmptyNull(scalar)) {
                    return notBefore;
                }
                return trimTrailingWhitespace(start, offset(scalar.getEndMark()));
            }
            if (node instanceof CollectionNode<?> collection && collection.getFlowStyle() == FlowStyle.FLOW) {
                return offset(node.getEndMark());
            }
            if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                return end(mapping.getValue().get(mapping.getValue().size() - 1));
            }
            if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
                int previous = start;
                for (Node item : sequence.getValue()) {
                    previous = end(item, previous);
                }
                return previous;
            }
            return trimTrailingWhitespace(start, offset(node.getEndMark()));
        }

        int trimTrailingWhitespace(int start, int end) {
            int at = end;
            while (at > start && Character.isWhitespace(text.charAt(at - 1))) {
                at--;
            }
            return at;
        }

        int firstLineBreak(int from, int to) {
            for (int i = from; i < to; i++) {
                if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                    return i;
                }
            }
            return -1;
        }

        /** The ':' after a mapping key. */
        int colonAfter(Node key) {
            int at = offset(key.getEndMark());
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
            if (at >= text.length() || text.charAt(at) != ':') {
                throw new ValuesEditException(where(file, key) + "cannot find the ':' after this key");
            }
            return at;
        }

        int closingBracket(MappingNode mapping) {
            int at = offset(mapping.getEndMark()) - 1;
            if (at < 0 || text.charAt(at) != '}') {
                throw new ValuesEditException(where(file, mapping) + "cannot find the end of this flow mapping");
            }
            return at;
        }

        /** Inserts {@code lines} as new lines after the line holding {@code offset} (its comment included). */
        Edit insertAfterLine(int offset, String lines) {
            int lineBreak = text.indexOf('\n', offset);
            if (lineBreak < 0) {
                return new Edit(text.length(), text.length(), newline + lines);
            }
            return new Edit(lineBreak + 1, lineBreak + 1, lines + newline);
        }

        Edit appendAtEnd(String lines) {
            String separator = text.isEmpty() || text.endsWith("\n") ? "" : newline;
            return new Edit(text.length(), text.length(), separator + lines + newline);
        }

        /** The file's indentation step: the first nested block mapping's extra indent, else 2. */
        int indentStep(Node root) {
            if (root instanceof MappingNode mapping && mapping.getFlowStyle() != FlowStyle.FLOW) {
                int column = mapping.getValue().isEmpty() ? 0
                        : mapping.getValue().get(0).getKeyNode().getStartMark().getColumn();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getValueNode() instanceof MappingNode child && child.getFlowStyle() != FlowStyle.FLOW
                            && !child.getValue().isEmpty()) {
                        int step = child.getValue().get(0).getKeyNode().getStartMark().getColumn() - column;
                        if (step > 0) {
                            return step;
                        }
                    }
                }
            }
            return DEFAULT_INDENT_STEP;
        }
    }
}
