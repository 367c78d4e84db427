package io.gitops.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the platform, in one place: its name (versioned), key, partitions, retention and the largest record
 * it accepts ({@code max.message.bytes}). The producers' {@code max.request.size} and ingest's body cap are derived
 * from these declarations, so a record a service may send is one the broker accepts.
 *
 * <p>Each consumer also has a dead-letter topic {@code <topic>.dlq} (see {@link #deadLetterTopic(String)}), with the
 * failure reason in the {@code dead-letter-reason} header.
 */
public final class Topics {

    public static final String WEBHOOK_RECEIVED = "gitops.webhook.received.v1";
    public static final String PIPELINE = "gitops.pipeline.v1";
    public static final String ARTIFACT_PUBLISHED = "gitops.artifact.published.v1";
    public static final String CONFIG_CHANGED = "gitops.config.changed.v1";
    public static final String SYNC = "gitops.sync.v1";
    public static final String ROLLOUT = "gitops.rollout.v1";

    public static final String DLQ_SUFFIX = ".dlq";

    /** Kafka's own default record limit ({@code message.max.bytes}, 1 MB plus the batch overhead). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    /** The largest webhook payload GitHub sends (25 MB); ingest must be able to publish a delivery of this size. */
    public static final int GITHUB_MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

    /**
     * Room a webhook record needs beyond the raw body: CloudEvents headers, the event envelope and the normalised
     * push fields next to the payload, and the compression and batch framing of an incompressible body.
     */
    public static final int WEBHOOK_ENVELOPE_BYTES = 7 * 1024 * 1024;

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    /** Declarations of the platform's topics. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(WEBHOOK_RECEIVED, "repository full name (owner/name)", 6, WEEK,
                    GITHUB_MAX_PAYLOAD_BYTES + WEBHOOK_ENVELOPE_BYTES),
            new TopicSpec(PIPELINE, "app", 6, MONTH),
            new TopicSpec(ARTIFACT_PUBLISHED, "app", 6, MONTH),
            new TopicSpec(CONFIG_CHANGED, "app/env", 6, MONTH),
            new TopicSpec(SYNC, "app/env", 6, MONTH),
            new TopicSpec(ROLLOUT, "app/env", 6, MONTH));

    private Topics() {
    }

    public static String deadLetterTopic(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static Optional<TopicSpec> spec(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Room a dead-letter topic has beyond its topic's record limit: a dead letter is the original record plus the
     * {@code dead-letter-*} headers (reason, consumer, origin), so a record at its topic's limit can still be
     * dead-lettered.
     */
    public static final int DEAD_LETTER_HEADROOM_BYTES = 64 * 1024;

    /** The largest record any declared topic (or its dead-letter topic) accepts: what a producer may have to send. */
    public static int largestMaxMessageBytes() {
        return ALL.stream().mapToInt(spec -> spec.deadLetter().maxMessageBytes()).max()
                .orElse(DEFAULT_MAX_MESSAGE_BYTES + DEAD_LETTER_HEADROOM_BYTES);
    }

    /**
     * A topic declaration.
     *
     * @param maxMessageBytes the largest record (batch) the topic must accept, applied as its {@code max.message.bytes}
     */
    public record TopicSpec(String name, String key, int partitions, Duration retention, int maxMessageBytes) {

        public TopicSpec {
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes of " + name + " must be positive: " + maxMessageBytes);
            }
        }

        /** A topic with Kafka's default record limit ({@link #DEFAULT_MAX_MESSAGE_BYTES}). */
        public TopicSpec(String name, String key, int partitions, Duration retention) {
            this(name, key, partitions, retention, DEFAULT_MAX_MESSAGE_BYTES);
        }

        /**
         * Its dead-letter topic: one partition (order across keys does not matter there), a longer retention, so
         * nothing is lost before someone looks, and the topic's record limit plus {@link #DEAD_LETTER_HEADROOM_BYTES},
         * since a dead letter carries the same value and a few headers more.
         */
        public TopicSpec deadLetter() {
            return new TopicSpec(deadLetterTopic(name), key, 1, MONTH.multipliedBy(3),
                    maxMessageBytes + DEAD_LETTER_HEADROOM_BYTES);
        }
    }
}
