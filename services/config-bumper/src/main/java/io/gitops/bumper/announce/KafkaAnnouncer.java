package io.gitops.bumper.announce;

import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.EventPublisher;

/** Publishes {@code config.changed} with {@code acks=all} and records its id in the ledger once acknowledged. */
public final class KafkaAnnouncer implements Announcer {

    private final EventPublisher publisher;
    private final AnnouncementLedger ledger;

    public KafkaAnnouncer(EventPublisher publisher, AnnouncementLedger ledger) {
        this.publisher = publisher;
        this.ledger = ledger;
    }

    @Override
    public void announce(Event<ConfigChanged> event) {
        publisher.publish(event);
        ledger.add(event.id());
    }
}
