package io.gitops.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.gitops.config.AppConfig.ChartConfig;
import io.gitops.config.AppConfig.EnvironmentConfig;
import io.gitops.config.AppConfig.HealthConfig;
import io.gitops.config.AppConfig.ImageConfig;
import io.gitops.config.AppConfig.Promotion;
import io.gitops.config.AppConfig.SourceConfig;
import io.gitops.config.AppConfig.SyncPolicy;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses {@code app.yaml}. Every problem is reported with file, line and column; the parse never throws for bad
 * content, so one broken application never stops the others from being read.
 */
public final class AppConfigParser {

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern VALUES_KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern IMAGE_REPOSITORY = Pattern.compile("[a-z0-9]+([._:/-][a-z0-9]+)*");

    private AppConfigParser() {
    }

    /** The outcome of parsing one app.yaml. */
    public sealed interface Result permits Parsed, Invalid {
    }

    /** A valid application. */
    public record Parsed(AppConfig app) implements Result {
    }

    /** An invalid file with every problem found. */
    public record Invalid(String file, List<ConfigProblem> problems) implements Result {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    public static Result parse(String yaml, String file) {
        List<ConfigProblem> problems = new ArrayList<>();
        Node root;
        try {
            root = SafeYaml.compose(yaml, file);
        } catch (InvalidConfigException e) {
            return new Invalid(file, e.problems());
        }
        if (root == null) {
            return new Invalid(file, List.of(new ConfigProblem(file, 1, 1, "app.yaml is empty")));
        }
        YamlMap doc = new YamlMap(file, "", root, problems);
        if (!doc.isPresent()) {
            return new Invalid(file, problems);
        }
        doc.rejectUnknown(Set.of("name", "source", "image", "pipeline", "chart", "environments", "syncPolicy",
                "health"));
        String name = label(doc, "name", doc.string("name", null, true));
        SourceConfig source = source(doc, doc.map("source"));
        ImageConfig image = image(doc, doc.map("image"));
        PipelineConfig pipeline = pipeline(doc.map("pipeline"), name);
        ChartConfig chart = chart(doc.map("chart"), name);
        List<EnvironmentConfig> environments = environments(doc, name);
        SyncPolicy syncPolicy = syncPolicy(doc.map("syncPolicy"));
        HealthConfig health = health(doc.map("health"));
        if (!problems.isEmpty()) {
            return new Invalid(file, problems);
        }
        return new Parsed(new AppConfig(name, source, image, pipeline, chart, environments, syncPolicy, health));
    }

    private static String label(YamlMap map, String key, String value) {
        if (value == null) {
            return null;
        }
        String problem = Dns1123.problem("'" + map.key(key) + "'", value);
        if (problem != null) {
            map.problem(map.value(key), problem);
        }
        return value;
    }

    private static SourceConfig source(YamlMap doc, YamlMap source) {
        if (!source.isPresent()) {
            doc.problem(source.where() == null ? doc.where() : source.where(), "'source' is required (repo and branch of the application's code)");
            return null;
        }
        source.rejectUnknown(Set.of("repo", "branch", "url"));
        String repo = source.string("repo", null, true);
        if (repo != null && !REPO.matcher(repo).matches()) {
            source.problem(source.value("repo"), "'source.repo' must be a repository full name like owner/name");
        }
        String branch = source.string("branch", "main", false);
        if (branch != null && (branch.isBlank() || branch.contains("..") || branch.startsWith("/"))) {
            source.problem(source.value("branch"), "'source.branch' is not a valid branch name");
        }
        return new SourceConfig(repo, branch, source.string("url", null, false));
    }

    private static ImageConfig image(YamlMap doc, YamlMap image) {
        if (!image.isPresent()) {
            doc.problem(image.where() == null ? doc.where() : image.where(), "'image' is required (at least image.repository)");
            return null;
        }
        image.rejectUnknown(Set.of("repository", "valuesKey"));
        String repository = image.string("repository", null, true);
        if (repository != null && (!IMAGE_REPOSITORY.matcher(repository).matches() || repository.contains("@"))) {
            image.problem(image.value("repository"),
                    "'image.repository' must be an image repository without tag or digest, e.g. registry.example/team/app");
        }
        String valuesKey = image.string("valuesKey", ImageConfig.DEFAULT_VALUES_KEY, false);
        if (valuesKey != null && !VALUES_KEY.matcher(valuesKey).matches()) {
            image.problem(image.value("valuesKey"), "'image.valuesKey' must be a dotted key like image.tag");
        }
        return new ImageConfig(repository, valuesKey);
    }

    private static PipelineConfig pipeline(YamlMap pipeline, String app) {
        PipelineConfig defaults = PipelineConfig.defaults(app);
        if (!pipeline.isPresent()) {
            return defaults;
        }
        pipeline.rejectUnknown(Set.of("executor", "stages", "coverage", "testReports", "sast", "sonarProjectKey",
                "dockerfile", "stageTimeoutSeconds", "builderImage"));
        String executor = oneOf(pipeline, "executor", defaults.executor(), PipelineConfig.EXECUTORS);
        Map<String, String> stages = new LinkedHashMap<>(defaults.stages());
        YamlMap stageMap = pipeline.map("stages");
        if (stageMap.isPresent()) {
            stageMap.rejectUnknown(new HashSet<>(PipelineConfig.STAGE_ORDER));
            for (String stage : PipelineConfig.STAGE_ORDER) {
                if (stageMap.entries().containsKey(stage)) {
                    stages.put(stage, stageMap.string(stage, "", false));
                }
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String stage : PipelineConfig.STAGE_ORDER) {
            if (stages.containsKey(stage)) {
                ordered.put(stage, stages.get(stage));
            }
        }
        YamlMap coverage = pipeline.map("coverage");
        double threshold = defaults.coverageThreshold();
        List<String> reports = defaults.coverageReports();
        if (coverage.isPresent()) {
            coverage.rejectUnknown(Set.of("threshold", "reports"));
            threshold = coverage.number("threshold", threshold, 0, 100);
            reports = coverage.strings("reports", reports);
            for (String report : reports) {
                relativePath(coverage, "reports", report);
            }
        }
        String sast = oneOf(pipeline, "sast", defaults.sast(), PipelineConfig.SAST_TOOLS);
        String dockerfile = pipeline.string("dockerfile", defaults.dockerfile(), false);
        relativePath(pipeline, "dockerfile", dockerfile);
        String testReports = pipeline.string("testReports", defaults.testReports(), false);
        relativePath(pipeline, "testReports", testReports);
        return new PipelineConfig(executor, ordered, threshold, reports, testReports, sast,
                pipeline.string("sonarProjectKey", defaults.sonarProjectKey(), false), dockerfile,
                pipeline.integer("stageTimeoutSeconds", defaults.stageTimeoutSeconds(), 1, 86_400),
                pipeline.string("builderImage", defaults.builderImage(), false));
    }

    private static String oneOf(YamlMap map, String key, String fallback, List<String> allowed) {
        String value = map.string(key, fallback, false);
        if (value != null && !allowed.contains(value)) {
            map.problem(map.value(key), "'" + map.key(key) + "' must be one of " + String.join(", ", allowed)
                    + ", not '" + value + "'");
            return fallback;
        }
        return value;
    }

    private static void relativePath(YamlMap map, String key, String path) {
        if (path != null && !ConfigRepoLayout.isSafeRelativePath(path)) {
            map.problem(map.value(key), "'" + map.key(key) + "' must be a relative path inside the repository: " + path);
        }
    }

    private static ChartConfig chart(YamlMap chart, String app) {
        String fallback = app == null ? null : ConfigRepoLayout.CHARTS_DIR + "/" + app;
        if (!chart.isPresent()) {
            return new ChartConfig(fallback);
        }
        chart.rejectUnknown(Set.of("path"));
        String path = chart.string("path", fallback, false);
        relativePath(chart, "path", path);
        return new ChartConfig(path);
    }

    private static List<EnvironmentConfig> environments(YamlMap doc, String app) {
        List<Node> items = doc.list("environments");
        if (items.isEmpty()) {
            doc.problem(doc.value("environments") == null ? doc.where() : doc.value("environments"),
                    "'environments' must list at least one environment");
            return List.of();
        }
        List<EnvironmentConfig> environments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap env = doc.item(items.get(i), i, "environments");
            if (!env.isPresent()) {
                continue;
            }
            env.rejectUnknown(Set.of("name", "namespace", "promotion"));
            String name = label(env, "name", env.string("name", null, true));
            if (name != null && !seen.add(name)) {
                env.problem(env.value("name"), "environment '" + name + "' is listed twice");
            }
            String namespace = env.string("namespace",
                    Dns1123.isLabel(app) && Dns1123.isLabel(name) ? app + "-" + name : null, false);
            if (namespace != null) {
                String problem = Dns1123.problem("'" + env.key("namespace") + "'", namespace);
                if (problem != null) {
                    env.problem(env.value("namespace") == null ? env.where() : env.value("namespace"), problem);
                }
            }
            String promotionText = env.string("promotion", "auto", false);
            Promotion promotion = Promotion.parse(promotionText).orElse(null);
            if (promotion == null) {
                env.problem(env.value("promotion"), "'" + env.key("promotion")
                        + "' must be auto or pull-request, not '" + promotionText + "'");
            }
            environments.add(new EnvironmentConfig(name, namespace, promotion));
        }
        return environments;
    }

    private static SyncPolicy syncPolicy(YamlMap policy) {
        if (!policy.isPresent()) {
            return SyncPolicy.DEFAULT;
        }
        policy.rejectUnknown(Set.of("automated", "prune", "selfHeal"));
        return new SyncPolicy(policy.bool("automated", SyncPolicy.DEFAULT.automated()),
                policy.bool("prune", SyncPolicy.DEFAULT.prune()),
                policy.bool("selfHeal", SyncPolicy.DEFAULT.selfHeal()));
    }

    private static HealthConfig health(YamlMap health) {
        if (!health.isPresent()) {
            return HealthConfig.DEFAULT;
        }
        health.rejectUnknown(Set.of("timeoutSeconds", "minStableSeconds"));
        int timeout = health.integer("timeoutSeconds", HealthConfig.DEFAULT.timeoutSeconds(), 1, 86_400);
        int stable = health.integer("minStableSeconds", HealthConfig.DEFAULT.minStableSeconds(), 0, 3_600);
        if (stable >= timeout) {
            health.problem(health.where(), "'health.minStableSeconds' must be less than 'health.timeoutSeconds'");
        }
        return new HealthConfig(timeout, stable);
    }
}
