package io.gitops.build.exec.actions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What GitHub Actions reported for one stage of a commit: a completed check run (a workflow job named after the stage,
 * or a check run {@code gitops/<stage>} the workflow created) with its conclusion and output, or the completed
 * workflow run itself. Figures are {@code gitops.<key>=<value>} lines of the check run's output (summary or text).
 */
public record CheckReport(String name, String conclusion, String title, String text, Map<String, String> figures) {

    private static final Pattern FIGURE = Pattern.compile("(?m)^\\s*(gitops\\.[a-zA-Z0-9_.-]+)\\s*[=:]\\s*(.*?)\\s*$");

    public CheckReport {
        figures = Map.copyOf(figures);
    }

    public boolean succeeded() {
        return "success".equals(conclusion) || "neutral".equals(conclusion);
    }

    public static Map<String, String> figures(String... texts) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher matcher = FIGURE.matcher(text);
            while (matcher.find()) {
                figures.put(matcher.group(1), matcher.group(2));
            }
        }
        return figures;
    }
}
