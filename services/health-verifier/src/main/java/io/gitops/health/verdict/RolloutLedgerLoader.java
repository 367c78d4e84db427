package io.gitops.health.verdict;

import java.time.Duration;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Fills the {@link RolloutLedger} from {@code gitops.rollout.v1}: reads every partition from the beginning (the
 * topic keeps 30 days), then keeps tailing it, so verdicts of other replicas and of earlier runs are known. No
 * consumer group: every replica reads everything. Once loaded it says so ({@code onLoaded}): the service opens its
 * start-up gate then, so that no verdict names a stale last healthy revision.
 */
public final class RolloutLedgerLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RolloutLedgerLoader.class);

    private final RolloutLedger ledger;
    private final TopicReplay replay;

    /** @param onLoaded runs once, on the loader's thread, when everything the topic held at start was applied */
    public RolloutLedgerLoader(KafkaClientSettings kafka, String topic, RolloutLedger ledger, Runnable onLoaded) {
        this.ledger = ledger;
        this.replay = new TopicReplay(kafka, topic, "health-verifier-rollout-ledger",
                TopicReplay.StartAt.beginning(), this::apply, () -> {
                    LOG.infof("rollout ledger loaded: %d app/env(s), %d pending rollout(s)", ledger.size(),
                            ledger.pending().size());
                    onLoaded.run();
                });
    }

    public void start() {
        replay.start();
    }

    /** True once everything the topic held at start has been applied. */
    public boolean caughtUp() {
        return replay.caughtUp();
    }

    /** Waits until {@link #caughtUp()}; false when {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) {
        return replay.awaitCaughtUp(timeout);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            ledger.apply(EventCodec.decode(record), record.partition());
        } catch (EventDecodingException e) {
            LOG.debugf("rollout ledger skips %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        replay.close();
    }
}
