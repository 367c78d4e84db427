package io.gitops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every PromQL expression of the Grafana dashboards (panels and variables) and of the Prometheus rules. */
public final class Queries {

    static final String DASHBOARDS = "deploy/grafana/dashboards";
    static final String RULES = "deploy/prometheus/rules";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Queries() {
    }

    /** Where an expression comes from. */
    public enum Kind { PANEL, VARIABLE, ALERT, RECORDING }

    /**
     * One expression: {@code raw} as written, {@code promql} with Grafana variables expanded (what Prometheus is asked).
     */
    public record Query(String file, String title, Kind kind, String raw, String promql) {

        @Override
        public String toString() {
            return file + " » " + title + ": " + raw;
        }
    }

    public static List<Query> all() {
        List<Query> result = new ArrayList<>(dashboards());
        result.addAll(rules());
        return result;
    }

    public static List<Path> dashboardFiles() {
        return Repo.files(DASHBOARDS, ".json");
    }

    public static List<Path> ruleFiles() {
        return Repo.files(RULES, ".yml");
    }

    static JsonNode dashboard(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Query> dashboards() {
        List<Query> result = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = dashboard(file);
            String name = Repo.relative(file);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    JsonNode query = variable.path("query");
                    String text = query.isTextual() ? query.asText() : query.path("query").asText();
                    result.add(new Query(name, "variable $" + variable.path("name").asText(), Kind.VARIABLE, text,
                            PromQl.expandGrafanaVariables(text)));
                }
            }
            collectPanels(name, dashboard.path("panels"), result);
        }
        return result;
    }

    private static void collectPanels(String file, JsonNode panels, List<Query> result) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    result.add(new Query(file, panel.path("title").asText() + " [" + target.path("refId").asText() + "]",
                            Kind.PANEL, expr, PromQl.expandGrafanaVariables(expr)));
                }
            }
            collectPanels(file, panel.path("panels"), result);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Query> rules() {
        List<Query> result = new ArrayList<>();
        for (Path file : ruleFiles()) {
            Map<String, Object> doc = yaml().load(Repo.read(file));
            for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    boolean alert = rule.containsKey("alert");
                    String title = String.valueOf(alert ? rule.get("alert") : rule.get("record"));
                    String expr = String.valueOf(rule.get("expr"));
                    result.add(new Query(Repo.relative(file), title, alert ? Kind.ALERT : Kind.RECORDING, expr, expr));
                }
            }
        }
        return result;
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        return new Yaml(new SafeConstructor(options));
    }
}
