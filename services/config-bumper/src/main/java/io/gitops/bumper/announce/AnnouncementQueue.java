package io.gitops.bumper.announce;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.PublishException;
import org.jboss.logging.Logger;

/**
 * Publishes {@code config.changed} after a push; what the broker did not acknowledge is kept and published again
 * before the next batch (and, should this instance die first, crash recovery finds the commit).
 */
public final class AnnouncementQueue {

    private static final Logger LOG = Logger.getLogger(AnnouncementQueue.class);

    private final Announcer announcer;
    private final AnnouncementLedger ledger;
    private final List<Event<ConfigChanged>> queued = new ArrayList<>();

    public AnnouncementQueue(Announcer announcer, AnnouncementLedger ledger) {
        this.announcer = announcer;
        this.ledger = ledger;
    }

    /** Publishes now; on failure queues it and returns the reason, else null. */
    public String publish(Event<ConfigChanged> event) {
        try {
            announcer.announce(event);
            ledger.add(event.id());
            return null;
        } catch (PublishException e) {
            queued.add(event);
            LOG.warnf("config.changed %s for %s (commit %s) not acknowledged, will publish it again: %s", event.id(),
                    event.subject(), event.data().commit(), e.getMessage());
            return e.getMessage();
        }
    }

    /** Publishes what is queued (and not published meanwhile), oldest first, stopping at the first failure. */
    public void retry() {
        for (Iterator<Event<ConfigChanged>> it = queued.iterator(); it.hasNext(); ) {
            Event<ConfigChanged> event = it.next();
            if (ledger.contains(event.id())) {
                it.remove();
                continue;
            }
            try {
                announcer.announce(event);
                ledger.add(event.id());
                it.remove();
            } catch (PublishException e) {
                return;
            }
        }
    }
}
