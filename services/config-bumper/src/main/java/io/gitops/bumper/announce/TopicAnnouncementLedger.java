package io.gitops.bumper.announce;

import java.time.Clock;
import java.time.Duration;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.kit.RecentIds;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Knows which {@code config.changed} events were published, by reading the topic itself: on start the last
 * {@code lookback} of it (seeking by timestamp), then tailing it, so announcements of every bumper instance are known.
 * Only the {@code ce_id} header is read. The topic is the record; there is no other store.
 */
public final class TopicAnnouncementLedger implements AnnouncementLedger, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicAnnouncementLedger.class);

    private final RecentIds ids;
    private final TopicReplay replay;

    /** @param kafka the service's one Kafka connection (security settings included) */
    public TopicAnnouncementLedger(KafkaClientSettings kafka, String topic, Duration lookback, int capacity,
                                   Clock clock) {
        this.ids = new RecentIds(capacity);
        this.replay = new TopicReplay(kafka, topic, "config-bumper-announcements",
                TopicReplay.StartAt.within(lookback, clock), record -> {
                    String id = EventCodec.header(record.headers(), CloudEventHeaders.ID);
                    if (id != null) {
                        ids.firstTime(id);
                    }
                }, () -> LOG.infof("announcement ledger loaded: %d config.changed ids within %s", ids.size(), lookback));
    }

    public TopicAnnouncementLedger start() {
        replay.start();
        return this;
    }

    @Override
    public boolean contains(String eventId) {
        return ids.contains(eventId);
    }

    @Override
    public void add(String eventId) {
        ids.firstTime(eventId);
    }

    @Override
    public boolean caughtUp() {
        return replay.caughtUp();
    }

    /** Waits until {@link #caughtUp()}; false when {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) {
        return replay.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        replay.close();
    }
}
