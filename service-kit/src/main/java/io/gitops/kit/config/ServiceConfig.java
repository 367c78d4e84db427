package io.gitops.kit.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The settings every service has, as one configuration group: embed it in the service's {@code @ConfigMapping} with
 * {@code @WithParentName ServiceConfig service();}, so the keys stay {@code gitops.<service>.ack-timeout},
 * {@code gitops.<service>.retry.max-attempts}, ... A service changes a default in its {@code application.properties}.
 */
public interface ServiceConfig {

    /** Bound on the broker's acknowledgement of a published event. */
    @WithDefault("5s")
    Duration ackTimeout();

    /** Whether the service creates the topics it declares (and their dead-letter topics) when missing. */
    @WithDefault("true")
    boolean createTopics();

    /** Replication factor used when creating topics. */
    @WithDefault("1")
    short replicationFactor();

    /** How long start-up waits for the broker, and a consumer for start-up, before going on. */
    @WithDefault("10s")
    Duration startupTimeout();

    /** Remembered handled event ids: the first line of idempotency (operations stay idempotent behind it). */
    @WithDefault("100000")
    int dedupeCapacity();

    /** Retries of a consumed event whose handling fails transiently. */
    RetryConfig retry();

    /** Capped exponential backoff with jitter. */
    interface RetryConfig {
        /** Attempts in all (the first included). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("500ms")
        Duration firstBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }
}
