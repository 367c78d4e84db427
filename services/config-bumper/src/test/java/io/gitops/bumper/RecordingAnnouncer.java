package io.gitops.bumper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.gitops.bumper.announce.Announcer;
import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.PublishException;

/** An announcer that records what it published; it can be told to fail like a broker that is away. */
final class RecordingAnnouncer implements Announcer {

    final List<Event<ConfigChanged>> published = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failing;

    @Override
    public void announce(Event<ConfigChanged> event) {
        if (failing) {
            throw new PublishException("broker did not acknowledge (test)", null);
        }
        published.add(event);
    }

    List<Event<ConfigChanged>> snapshot() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }
}
