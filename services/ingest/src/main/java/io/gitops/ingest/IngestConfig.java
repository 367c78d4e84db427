package io.gitops.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the ingest service ({@code gitops.ingest.*}); see the module README for the table. */
@ConfigMapping(prefix = "gitops.ingest")
public interface IngestConfig {

    /** Webhook secrets (comma-separated in the environment); every one is accepted, for rotation. */
    Optional<List<String>> secrets();

    /** Files that each hold one webhook secret (e.g. a mounted Kubernetes Secret); added to {@link #secrets()}. */
    Optional<List<String>> secretFiles();

    /** Body cap in bytes; larger deliveries get 413 without being buffered. GitHub's own cap is 25 MB. */
    @WithDefault("26214400")
    long maxBodyBytes();

    /** Event types published; others are answered 202 and counted, not published. */
    @WithDefault("push,pull_request,workflow_run,workflow_job,check_run,check_suite,create,delete,ping")
    List<String> events();

    /** How long to wait for the broker's acknowledgement before answering 503. */
    @WithDefault("5s")
    Duration ackTimeout();

    /** How long a delivery id is remembered (GitHub's redelivery window). */
    @WithDefault("72h")
    Duration dedupeWindow();

    /** Bound on remembered delivery ids (oldest forgotten first). */
    @WithDefault("1000000")
    int dedupeMaxEntries();

    /** Seconds sent in {@code Retry-After} with a 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Whether ingest creates its topic when missing (with the declared partitions and retention). */
    @WithDefault("true")
    boolean createTopics();

    /** Replication factor used when creating topics. */
    @WithDefault("1")
    short replicationFactor();

    /** How long startup waits for the broker before giving up on creating topics (the service still starts). */
    @WithDefault("10s")
    Duration startupTimeout();
}
