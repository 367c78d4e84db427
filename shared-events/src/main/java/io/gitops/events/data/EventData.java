package io.gitops.events.data;

/**
 * The {@code data} of a platform event. Every implementation is a record whose JSON form is described by the JSON
 * Schema of its event type.
 */
public interface EventData {

    /** The Kafka record key: the repository full name for webhooks, {@code app/env} or {@code app} otherwise. */
    String partitionKey();

    /** The CloudEvents {@code subject}: what the event is about ({@code app/env}, {@code app} or a repository). */
    default String subject() {
        return partitionKey();
    }

    static String appEnv(String app, String env) {
        return env == null || env.isBlank() ? app : app + "/" + env;
    }
}
