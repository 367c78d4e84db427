package io.gitops.health.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rule's message with {@code {variable}} placeholders, checked against the variables the rule can offer. */
public final class MessageTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final String text;

    private MessageTemplate(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the text names a variable outside {@code allowed}
     */
    public static MessageTemplate parse(String text, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!allowed.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("message names unknown variable(s) " + unknown + "; known: "
                    + allowed.stream().sorted().toList());
        }
        return new MessageTemplate(text);
    }

    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String text() {
        return text;
    }
}
