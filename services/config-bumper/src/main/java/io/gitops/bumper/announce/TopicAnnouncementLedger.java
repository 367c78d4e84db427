package io.gitops.bumper.announce;

import java.time.Clock;
import java.time.Duration;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Knows which {@code config.changed} events were published, by reading the topic itself: on start the last
 * {@code lookback} of it (seeking by timestamp), then tailing it, so announcements of every bumper instance are known.
 * Only the {@code ce_id} header is read. The topic is the record; there is no other store.
 */
public final class TopicAnnouncementLedger extends RecentAnnouncements implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicAnnouncementLedger.class);

    private final TopicReplay replay;

    /** @param kafka the service's one Kafka connection (security settings included) */
    public TopicAnnouncementLedger(KafkaClientSettings kafka, String topic, Duration lookback, int capacity,
                                   Clock clock) {
        super(capacity);
        this.replay = new TopicReplay(kafka, topic, "config-bumper-announcements",
                TopicReplay.StartAt.within(lookback, clock), record -> {
                    String id = EventCodec.header(record.headers(), CloudEventHeaders.ID);
                    if (id != null) {
                        add(id);
                    }
                }, () -> LOG.infof("announcement ledger loaded: %d config.changed ids within %s", size(),
                        lookback));
    }

    public TopicAnnouncementLedger start() {
        replay.start();
        return this;
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
