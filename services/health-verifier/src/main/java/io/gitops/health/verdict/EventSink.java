package io.gitops.health.verdict;

import io.gitops.events.Event;

/**
 * Where rollout events go: in production {@code EventPublisher} ({@code acks=all}, waits for the acknowledgement).
 * Returns the partition the event was written to; throws {@code PublishException} when the broker did not
 * acknowledge.
 */
@FunctionalInterface
public interface EventSink {

    int publish(Event<?> event);
}
