package io.gitops.health.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable figures the health rules refer to by name ({@code restartThreshold}, {@code imagePullGrace},
 * {@code readinessFailures}).
 *
 * @param restartThreshold  a new-revision container restarted more often than this has failed
 * @param imagePullGrace    how long a container may fail to pull its image before the rollout fails
 * @param readinessFailures consecutive observations of a running, unready container that fail the rollout
 */
public record Thresholds(int restartThreshold, Duration imagePullGrace, int readinessFailures) {

    public static final Thresholds DEFAULTS = new Thresholds(2, Duration.ofSeconds(5), 3);

    public Thresholds {
        Objects.requireNonNull(imagePullGrace, "imagePullGrace");
        if (restartThreshold < 0) {
            throw new IllegalArgumentException("restartThreshold must not be negative");
        }
        if (imagePullGrace.isNegative()) {
            throw new IllegalArgumentException("imagePullGrace must not be negative");
        }
        if (readinessFailures < 1) {
            throw new IllegalArgumentException("readinessFailures must be at least 1");
        }
    }

    /** The number a rule names, or the literal number it gives. */
    long number(String nameOrNumber) {
        return switch (nameOrNumber) {
            case "restartThreshold" -> restartThreshold;
            case "readinessFailures" -> readinessFailures;
            default -> Long.parseLong(nameOrNumber);
        };
    }

    /** The duration a rule names, or the literal duration it gives ({@code 5s}, {@code 500ms}, {@code 2m}). */
    Duration duration(String nameOrDuration) {
        return "imagePullGrace".equals(nameOrDuration) ? imagePullGrace : Durations.parse(nameOrDuration);
    }
}
