package io.gitops.health.verdict;

import java.time.Duration;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.kit.TopicReplay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Fills the {@link RolloutLedger} from {@code gitops.rollout.v1}: reads every partition from the beginning (the
 * topic keeps 30 days), then keeps tailing it, so verdicts of other replicas and of earlier runs are known. No
 * consumer group: every replica reads everything.
 */
public final class RolloutLedgerLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RolloutLedgerLoader.class);

    private final RolloutLedger ledger;
    private final TopicReplay replay;

    public RolloutLedgerLoader(String bootstrapServers, String topic, RolloutLedger ledger) {
        this.ledger = ledger;
        this.replay = new TopicReplay(bootstrapServers, topic, "health-verifier-rollout-ledger",
                TopicReplay.StartAt.beginning(), this::apply,
                () -> LOG.infof("rollout ledger loaded: %d app/env(s), %d pending rollout(s)", ledger.size(),
                        ledger.pending().size()));
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
