package io.gitops.ingest;

import java.time.Clock;
import java.time.Instant;

import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Fills the {@link DeliveryLedger} from the webhook topic: on start it reads the last dedupe window of the topic
 * (seeking by timestamp), then keeps tailing it so deliveries accepted by other replicas are known too. Only the
 * {@code ce_deliveryid} header is read; the payloads are not parsed.
 */
public final class DeliveryLedgerLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryLedgerLoader.class);

    private final TopicReplay replay;

    public DeliveryLedgerLoader(KafkaClientSettings kafka, String topic, DeliveryLedger ledger, Clock clock) {
        this.replay = new TopicReplay(kafka, topic, "ingest-delivery-ledger",
                TopicReplay.StartAt.within(ledger.window(), clock), record -> {
                    String deliveryId = EventCodec.header(record.headers(), CloudEventHeaders.DELIVERY_ID);
                    if (deliveryId != null) {
                        ledger.remember(deliveryId, Instant.ofEpochMilli(record.timestamp()));
                    }
                }, () -> LOG.infof("delivery ledger loaded: %d delivery ids within %s", ledger.size(), ledger.window()));
    }

    public void start() {
        replay.start();
    }

    /** True once everything that was in the topic's window at start has been read. */
    public boolean caughtUp() {
        return replay.caughtUp();
    }

    @Override
    public void close() {
        replay.close();
    }
}
