package io.gitops.sync.engine;

import io.gitops.events.Event;

/** Where the engine's events go; the service publishes them to {@code gitops.sync.v1} and waits for the ack. */
@FunctionalInterface
public interface SyncEventSink {

    void publish(Event<?> event);
}
