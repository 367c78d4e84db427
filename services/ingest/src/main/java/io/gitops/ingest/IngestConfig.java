package io.gitops.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.config.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Configuration of the ingest service ({@code gitops.ingest.*}); see the module README for the table. The keys every
 * service shares ({@code ack-timeout}, {@code create-topics}, {@code replication-factor}, {@code startup-timeout},
 * ...) are the embedded {@link ServiceConfig}.
 */
@ConfigMapping(prefix = "gitops.ingest")
public interface IngestConfig {

    /** The settings every service shares; {@code ack-timeout} also bounds the broker's answer before a 503. */
    @WithParentName
    ServiceConfig service();

    /** Webhook secrets (comma-separated in the environment); every one is accepted, for rotation. */
    Optional<List<String>> secrets();

    /** Files that each hold one webhook secret (e.g. a mounted Kubernetes Secret); added to {@link #secrets()}. */
    Optional<List<String>> secretFiles();

    /**
     * Body cap in bytes; larger deliveries get 413 without being buffered. Unset: the largest body the webhook topic's
     * declared record limit allows (25 MB, GitHub's own cap); it may be lower, never higher ({@link BodyCap}).
     */
    Optional<Long> maxBodyBytes();

    /** Event types published; others are answered 202 and counted, not published. */
    @WithDefault("push,pull_request,workflow_run,workflow_job,check_run,check_suite,create,delete,ping")
    List<String> events();

    /** How long a delivery id is remembered (GitHub's redelivery window). */
    @WithDefault("72h")
    Duration dedupeWindow();

    /** Bound on remembered delivery ids (oldest forgotten first). */
    @WithDefault("1000000")
    int dedupeMaxEntries();

    /** Seconds sent in {@code Retry-After} with a 503. */
    @WithDefault("5")
    int retryAfterSeconds();
}
