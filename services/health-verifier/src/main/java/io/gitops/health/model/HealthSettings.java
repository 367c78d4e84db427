package io.gitops.health.model;

import java.time.Duration;
import java.util.Objects;

import io.gitops.config.AppConfig;

/**
 * An application's health settings: how long its rollout may take ({@code health.timeoutSeconds}) and how long the
 * converged state must hold before it counts as healthy ({@code health.minStableSeconds}).
 */
public record HealthSettings(Duration timeout, Duration minStable) {

    /** The defaults of {@code app.yaml}. */
    public static final HealthSettings DEFAULT = of(AppConfig.HealthConfig.DEFAULT);

    public HealthSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minStable, "minStable");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (minStable.isNegative()) {
            throw new IllegalArgumentException("minStable must not be negative");
        }
    }

    public static HealthSettings of(AppConfig.HealthConfig config) {
        return new HealthSettings(Duration.ofSeconds(config.timeoutSeconds()),
                Duration.ofSeconds(config.minStableSeconds()));
    }
}
