package io.gitops.events;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import io.gitops.events.data.EventData;

/**
 * A platform event: the CloudEvents 1.0 context attributes plus the typed {@code data}.
 *
 * @param id            unique, and stable across retries of the same fact (consumers dedupe on it)
 * @param source        the producing service, e.g. {@code /gitops/ingest}
 * @param type          e.g. {@code io.gitops.webhook.received.v1}
 * @param subject       what it is about: {@code app/env}, {@code app} or a repository full name
 * @param time          when the fact happened
 * @param correlationId the source commit SHA the whole chain is about (extension {@code correlationid})
 * @param causationId   the id of the event that caused this one (extension {@code causationid}), or null
 * @param deliveryId    the GitHub delivery id where one exists (extension {@code deliveryid}), or null
 */
public record Event<T extends EventData>(
        String id,
        URI source,
        EventType type,
        String subject,
        Instant time,
        String correlationId,
        String causationId,
        String deliveryId,
        T data) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(type.type() + " carries " + type.dataClass().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
    }

    /** Starts an event of {@code data}'s type; subject defaults to the data's subject. */
    public static <T extends EventData> Builder<T> of(T data) {
        return new Builder<>(data);
    }

    public String topic() {
        return type.topic();
    }

    public String key() {
        return data.partitionKey();
    }

    /** Builds events with the attributes every producer sets the same way. */
    public static final class Builder<T extends EventData> {
        private final T data;
        private String id;
        private URI source;
        private String subject;
        private Instant time;
        private String correlationId;
        private String causationId;
        private String deliveryId;

        private Builder(T data) {
            this.data = data;
            this.subject = data.subject();
        }

        /** A stable id derived from the fact's identity, so a retry publishes the same id. */
        public Builder<T> idFrom(String... identity) {
            this.id = EventIds.stable(identity);
            return this;
        }

        public Builder<T> id(String id) {
            this.id = id;
            return this;
        }

        public Builder<T> source(String service) {
            this.source = Sources.of(service);
            return this;
        }

        public Builder<T> subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder<T> time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder<T> correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** Sets causation to {@code cause}'s id and inherits its correlation id and delivery id when unset. */
        public Builder<T> causedBy(Event<?> cause) {
            this.causationId = cause.id();
            if (correlationId == null) {
                correlationId = cause.correlationId();
            }
            if (deliveryId == null) {
                deliveryId = cause.deliveryId();
            }
            return this;
        }

        public Builder<T> causationId(String causationId) {
            this.causationId = causationId;
            return this;
        }

        public Builder<T> deliveryId(String deliveryId) {
            this.deliveryId = deliveryId;
            return this;
        }

        public Event<T> build() {
            EventType type = EventType.of(data.getClass());
            return new Event<>(id, source, type, subject, time == null ? Instant.now() : time,
                    correlationId, causationId, deliveryId, data);
        }
    }
}
