package io.gitops.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code apps/<name>/app.yaml}: one application's source, image, pipeline, chart, environments and policies.
 */
public record AppConfig(
        String name,
        SourceConfig source,
        ImageConfig image,
        PipelineConfig pipeline,
        ChartConfig chart,
        List<EnvironmentConfig> environments,
        SyncPolicy syncPolicy,
        HealthConfig health) {

    public AppConfig {
        environments = List.copyOf(environments);
    }

    public Optional<EnvironmentConfig> environment(String env) {
        return environments.stream().filter(e -> e.name().equals(env)).findFirst();
    }

    /** Where an application's code lives and which branch is delivered. */
    public record SourceConfig(String repo, String branch, String url) {
    }

    /** The image repository and the values key the config-bumper writes the tag to. */
    public record ImageConfig(String repository, String valuesKey) {
        public static final String DEFAULT_VALUES_KEY = "image.tag";
    }

    /** The Helm chart: a path in the config repository. */
    public record ChartConfig(String path) {
    }

    /** How a new tag reaches an environment. */
    public enum Promotion {
        AUTO, PULL_REQUEST;

        public static Optional<Promotion> parse(String value) {
            return switch (value) {
                case "auto" -> Optional.of(AUTO);
                case "pull-request" -> Optional.of(PULL_REQUEST);
                default -> Optional.empty();
            };
        }
    }

    /** One deployment target of the application. */
    public record EnvironmentConfig(String name, String namespace, Promotion promotion) {
    }

    /** What the sync engine may do on its own. */
    public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal) {
        public static final SyncPolicy DEFAULT = new SyncPolicy(true, false, false);
    }

    /** When a rollout counts as healthy, and how long it may take. */
    public record HealthConfig(int timeoutSeconds, int minStableSeconds) {
        public static final HealthConfig DEFAULT = new HealthConfig(300, 10);
    }
}
