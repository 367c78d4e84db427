package io.gitops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to find the vector selectors of an expression (metric name and label matchers), so that the
 * names can be checked against what the services export, and to turn Grafana's variables into something
 * Prometheus evaluates. Syntax itself is checked by Prometheus (promtool and the real server), not here.
 */
public final class PromQl {

    /** Words that are never metric names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end");
    /** Keywords followed by a parenthesised list of label names. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(.*?)\\s*,\\s*(\\w+)\\s*\\)\\s*$");
    private static final Pattern MATCHER = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");

    private PromQl() {
    }

    /** A vector selector: {@code name{matchers}}. */
    public record Selector(String metric, String matchers) {

        /** Label matchers as (label, op, value). */
        public List<String[]> labelMatchers() {
            List<String[]> result = new ArrayList<>();
            Matcher m = MATCHER.matcher(matchers);
            while (m.find()) {
                result.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
            return result;
        }

        /** The selector as PromQL. */
        public String text() {
            return matchers.isEmpty() ? metric : metric + "{" + matchers + "}";
        }
    }

    /** The vector selectors of an expression, in order. A {@code label_values(m, l)} query yields m. */
    public static List<Selector> selectors(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) {
            return selectors(labelValues.group(1));
        }
        List<Selector> result = new ArrayList<>();
        String e = expression;
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(e, i);
            } else if (c == '#') {
                int nl = e.indexOf('\n', i);
                i = nl < 0 ? e.length() : nl + 1;
            } else if (c == '[') {
                i = e.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expression);
                }
            } else if (c == '{') {
                int close = closingBrace(e, i);
                result.add(new Selector("", e.substring(i + 1, close).trim()));
                i = close + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < e.length() && Character.isDigit(e.charAt(i + 1))) {
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '.'
                        || e.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '_'
                        || e.charAt(i) == ':')) {
                    i++;
                }
                String word = e.substring(start, i);
                int next = skipSpace(e, i);
                if (LABEL_LISTS.contains(word)) {
                    if (next < e.length() && e.charAt(next) == '(') {
                        i = e.indexOf(')', next) + 1;
                    }
                } else if (KEYWORDS.contains(word)) {
                    continue;
                } else if (next < e.length() && e.charAt(next) == '(' || startsWithWord(e, next, "by")
                        || startsWithWord(e, next, "without")) {
                    i = next; // a function, or an aggregation (its grouping may come first: sum by (le) (...))
                } else if (next < e.length() && e.charAt(next) == '{') {
                    int close = closingBrace(e, next);
                    result.add(new Selector(word, e.substring(next + 1, close).trim()));
                    i = close + 1;
                } else {
                    result.add(new Selector(word, ""));
                }
            } else {
                i++;
            }
        }
        return result;
    }

    /** Binary operators that combine two conditions of an alert: their operands are judged separately. */
    private static final List<String> SET_OPERATORS = List.of("and", "or", "unless");
    /** Comparison operators, longest first so that {@code >=} is not read as {@code >}. */
    private static final List<String> COMPARISONS = List.of(">=", "<=", "==", "!=", ">", "<");

    /**
     * The value side of an alert's conditions: the expression is split at its top-level {@code and}/{@code or}/
     * {@code unless}, and of each part that is a comparison ({@code value > threshold}) the left operand is kept.
     * A part without a top-level comparison (e.g. {@code absent(up{job="x"})}) yields nothing: it has no value side.
     * Parentheses, strings, label matchers and range selectors are skipped, so {@code !=} inside {@code {...}} is not
     * a comparison.
     */
    public static List<String> comparedValues(String expression) {
        List<String> result = new ArrayList<>();
        for (String part : splitTopLevel(expression, SET_OPERATORS)) {
            List<String> sides = splitTopLevel(part, COMPARISONS);
            if (sides.size() > 1) {
                result.add(sides.get(0).strip());
            }
        }
        return result;
    }

    /** {@code expression} split at the operators (words or symbols) that stand outside any bracket or string. */
    private static List<String> splitTopLevel(String expression, List<String> operators) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expression, i);
                continue;
            }
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (depth == 0) {
                String operator = operatorAt(expression, i, operators);
                if (operator != null) {
                    parts.add(expression.substring(start, i));
                    i += operator.length();
                    start = i;
                    continue;
                }
            }
            i++;
        }
        parts.add(expression.substring(start));
        return parts;
    }

    private static String operatorAt(String e, int at, List<String> operators) {
        for (String operator : operators) {
            boolean word = Character.isLetter(operator.charAt(0));
            if (word ? startsWithWord(e, at, operator) && (at == 0 || !isNameChar(e.charAt(at - 1)))
                    : e.startsWith(operator, at)) {
                return operator;
            }
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    /** The metric names an expression reads. */
    public static Set<String> metricNames(String expression) {
        Set<String> names = new LinkedHashSet<>();
        for (Selector s : selectors(expression)) {
            if (!s.metric().isEmpty()) {
                names.add(s.metric());
            } else {
                for (String[] m : s.labelMatchers()) {
                    if (m[0].equals("__name__") && m[1].equals("=")) {
                        names.add(m[2]);
                    }
                }
            }
        }
        return names;
    }

    /**
     * The expression with Grafana's variables replaced: {@code $__rate_interval}, {@code $__interval} and
     * {@code $__range} by durations, any other variable (used in {@code =~"$var"} matchers, "All" = {@code .*}) by
     * {@code .*}. A {@code label_values(m, l)} query becomes the selector {@code m}.
     */
    public static String expandGrafanaVariables(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        String e = labelValues.matches() ? labelValues.group(1) : expression;
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("__rate_interval", "2m");
        builtIns.put("__interval", "1m");
        builtIns.put("__range", "1h");
        builtIns.put("__range_s", "3600");
        Matcher m = GRAFANA_VARIABLE.matcher(e);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = builtIns.getOrDefault(m.group(1), ".*");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The Grafana variables an expression uses outside regex matchers (those could not be expanded safely). */
    static List<String> variablesOutsideRegexMatchers(String expression) {
        String withoutRegexMatchers = expression.replaceAll("=~\\s*\"\\$\\{?\\w+}?\"", "=~\"\"");
        List<String> result = new ArrayList<>();
        Matcher m = GRAFANA_VARIABLE.matcher(withoutRegexMatchers);
        while (m.find()) {
            if (!m.group(1).startsWith("__")) {
                result.add(m.group());
            }
        }
        return result;
    }

    private static int skipString(String e, int start) {
        char quote = e.charAt(start);
        int i = start + 1;
        while (i < e.length() && e.charAt(i) != quote) {
            i += e.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int closingBrace(String e, int open) {
        int i = open + 1;
        while (i < e.length() && e.charAt(i) != '}') {
            char c = e.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(e, i) : i + 1;
        }
        if (i >= e.length()) {
            throw new IllegalArgumentException("unclosed { in " + e);
        }
        return i;
    }

    private static boolean startsWithWord(String e, int at, String word) {
        int end = at + word.length();
        return e.startsWith(word, at) && (end >= e.length() || !Character.isLetterOrDigit(e.charAt(end))
                && e.charAt(end) != '_');
    }

    private static int skipSpace(String e, int i) {
        int j = i;
        while (j < e.length() && Character.isWhitespace(e.charAt(j))) {
            j++;
        }
        return j;
    }
}
