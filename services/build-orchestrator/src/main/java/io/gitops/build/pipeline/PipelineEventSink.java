package io.gitops.build.pipeline;

import io.gitops.events.Event;
import io.gitops.kit.EventPublisher;

/**
 * Publishes a pipeline event ({@code acks=all}) and, once the broker acknowledged it, folds it into the ledger: the
 * ledger only ever holds what is durable on the topic.
 */
public class PipelineEventSink {

    private final EventPublisher publisher;
    private final PipelineLedger ledger;

    public PipelineEventSink(EventPublisher publisher, PipelineLedger ledger) {
        this.publisher = publisher;
        this.ledger = ledger;
    }

    /** @throws io.gitops.kit.PublishException when the broker did not acknowledge in time */
    public void publish(Event<?> event) {
        publisher.publish(event);
        ledger.apply(event);
    }
}
