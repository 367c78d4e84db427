package io.gitops.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the platform, in one place: its name (versioned), key, partitions and retention.
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

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    /** Declarations of the platform's topics. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(WEBHOOK_RECEIVED, "repository full name (owner/name)", 6, WEEK),
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

    /** A topic declaration. */
    public record TopicSpec(String name, String key, int partitions, Duration retention) {

        /**
         * Its dead-letter topic: one partition (order across keys does not matter there) and a longer retention, so
         * nothing is lost before someone looks.
         */
        public TopicSpec deadLetter() {
            return new TopicSpec(deadLetterTopic(name), key, 1, MONTH.multipliedBy(3));
        }
    }
}
