package io.gitops.kit.config;

import java.time.Duration;

import io.gitops.kit.Retry;

/**
 * {@link ServiceConfig} as a plain record, for code and tests that do not run in Quarkus.
 *
 * @param retry the retry policy of consumed events
 */
public record ServiceSettings(Duration ackTimeout, boolean createTopics, short replicationFactor,
                              Duration startupTimeout, int dedupeCapacity, Retry retry) {

    public static ServiceSettings from(ServiceConfig config) {
        ServiceConfig.RetryConfig retry = config.retry();
        return new ServiceSettings(config.ackTimeout(), config.createTopics(), config.replicationFactor(),
                config.startupTimeout(), config.dedupeCapacity(),
                new Retry(retry.maxAttempts(), retry.firstBackoff(), retry.maxBackoff()));
    }

    /** The defaults of {@link ServiceConfig}. */
    public static ServiceSettings defaults() {
        return new ServiceSettings(Duration.ofSeconds(5), true, (short) 1, Duration.ofSeconds(10), 100_000,
                new Retry(5, Duration.ofMillis(500), Duration.ofSeconds(10)));
    }

    public ServiceSettings withRetry(Retry retry) {
        return new ServiceSettings(ackTimeout, createTopics, replicationFactor, startupTimeout, dedupeCapacity, retry);
    }

    public ServiceSettings withCreateTopics(boolean create) {
        return new ServiceSettings(ackTimeout, create, replicationFactor, startupTimeout, dedupeCapacity, retry);
    }
}
