package io.gitops.ingest;

import java.util.Optional;

import io.gitops.events.Topics;
import io.gitops.events.Topics.TopicSpec;

/**
 * The largest webhook body ingest accepts, derived from the webhook topic's declared record limit
 * ({@link TopicSpec#maxMessageBytes()}) minus the room the record needs around the body
 * ({@link Topics#WEBHOOK_ENVELOPE_BYTES}). {@code gitops.ingest.max-body-bytes} may lower it, never raise it: a
 * higher cap would accept bodies the broker then refuses.
 *
 * @param maxBodyBytes          bodies above this are answered 413
 * @param topic                 the topic the deliveries are published to
 * @param topicMaxMessageBytes  the topic's declared record limit ({@code max.message.bytes})
 */
public record BodyCap(long maxBodyBytes, String topic, int topicMaxMessageBytes) {

    /** The cap for {@code topic}: {@code configured} when set (and allowed), else the largest the topic allows. */
    public static BodyCap of(TopicSpec topic, Optional<Long> configured) {
        long allowed = allowedBody(topic);
        long cap = configured.orElse(allowed);
        if (cap > allowed) {
            throw new IllegalStateException("gitops.ingest.max-body-bytes=" + cap + " is higher than topic "
                    + topic.name() + " allows: it accepts records up to " + topic.maxMessageBytes()
                    + " bytes (max.message.bytes), " + Topics.WEBHOOK_ENVELOPE_BYTES
                    + " of them kept for headers and the event envelope, so bodies up to " + allowed
                    + " bytes; lower GITOPS_INGEST_MAX_BODY_BYTES or unset it");
        }
        if (cap <= 0) {
            throw new IllegalStateException("gitops.ingest.max-body-bytes must be positive: " + cap);
        }
        return new BodyCap(cap, topic.name(), topic.maxMessageBytes());
    }

    /** The largest body whose record still fits the topic's declared limit. */
    static long allowedBody(TopicSpec topic) {
        return (long) topic.maxMessageBytes() - Topics.WEBHOOK_ENVELOPE_BYTES;
    }
}
