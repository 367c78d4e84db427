package io.gitops.bumper.announce;

import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;

/** Publishes {@code config.changed} and waits for the broker's acknowledgement. */
@FunctionalInterface
public interface Announcer {

    /**
     * @throws io.gitops.kit.PublishException when the broker did not acknowledge (transient)
     */
    void announce(Event<ConfigChanged> event);
}
