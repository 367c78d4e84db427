package io.gitops.health.verdict;

import io.gitops.events.Event;

/**
 * Where the verifier's rollout events ({@code progressing}, {@code healthy}, {@code failed}) go: in production
 * {@code EventPublisher} ({@code acks=all}, waits for the acknowledgement). Returns the partition the event was
 * written to; throws {@code PublishException} when the broker did not acknowledge. (Not the sync engine's
 * {@code EventSink}, which publishes sync outcomes.)
 */
@FunctionalInterface
public interface RolloutEventSink {

    int publish(Event<?> event);
}
