package io.gitops.build.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.gitops.build.BuildConfig;

/**
 * The orchestrator's settings, grouped by concern and built once from {@link BuildConfig}; the orchestrator and its
 * parts take these objects rather than unpacked values.
 *
 * @param workDir        workspaces, the config repository clone and the image builder's storage
 * @param republishDelay how long a pipeline whose event the broker did not take waits before it resumes
 * @param reconcileInterval how often the tracked branches are polled for heads no webhook announced (zero: never)
 * @param redelivery     the GitHub App whose failed deliveries are redelivered before each round, if configured
 */
public record BuildSettings(Path workDir, Limits limits, RepositorySettings repositories, ImageSettings image,
                            RegistrySettings registry, SonarSettings sonar, ExecutorSettings executors,
                            Duration republishDelay, Duration reconcileInterval,
                            Optional<RedeliverySettings> redelivery) {

    /** A paused pipeline resumes after this long in production. */
    public static final Duration REPUBLISH_DELAY = Duration.ofSeconds(30);

    /** Settings without the reconciler (tests that deliver every push themselves). */
    public BuildSettings(Path workDir, Limits limits, RepositorySettings repositories, ImageSettings image,
                         RegistrySettings registry, SonarSettings sonar, ExecutorSettings executors,
                         Duration republishDelay) {
        this(workDir, limits, repositories, image, registry, sonar, executors, republishDelay, Duration.ZERO,
                Optional.empty());
    }

    public BuildSettings {
        redelivery = redelivery == null ? Optional.empty() : redelivery;
        if (reconcileInterval == null || reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("gitops.build.reconcile-interval must be zero (off) or positive, was "
                    + reconcileInterval);
        }
    }

    public static BuildSettings from(BuildConfig config) {
        return new BuildSettings(Path.of(config.workDir()).toAbsolutePath(), Limits.from(config),
                RepositorySettings.from(config), ImageSettings.from(config.image()),
                RegistrySettings.from(config.registry()), SonarSettings.from(config.sonarqube()),
                ExecutorSettings.from(config), REPUBLISH_DELAY, config.reconcileInterval(),
                RedeliverySettings.from(config.redelivery()));
    }

    public BuildSettings withRepublishDelay(Duration delay) {
        return new BuildSettings(workDir, limits, repositories, image, registry, sonar, executors, delay,
                reconcileInterval, redelivery);
    }

    public BuildSettings withReconcileInterval(Duration interval) {
        return new BuildSettings(workDir, limits, repositories, image, registry, sonar, executors, republishDelay,
                interval, redelivery);
    }
}
