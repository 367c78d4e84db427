package io.gitops.bumper.artifacts;

import java.time.Clock;
import java.time.Duration;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Fills a {@link PipelineLedger} from {@code gitops.pipeline.v1}: the last {@code lookback} of the topic on start
 * (seeking by timestamp, every partition assigned, no consumer group), then tailing it. Undecodable records are
 * skipped: they vouch for nothing.
 */
public final class PipelineTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PipelineTopicReader.class);

    private final TopicReplay replay;

    public PipelineTopicReader(KafkaClientSettings kafka, String topic, Duration lookback, PipelineLedger ledger,
                               Clock clock) {
        this.replay = new TopicReplay(kafka, topic, "config-bumper-pipelines", TopicReplay.StartAt.within(lookback,
                clock), record -> {
                    try {
                        ledger.record(EventCodec.decode(record));
                    } catch (EventDecodingException | IllegalArgumentException e) {
                        LOG.debugf("skipping an undecodable record of %s: %s", topic, e.getMessage());
                    }
                }, () -> {
                    ledger.caughtUp();
                    LOG.infof("pipeline ledger loaded from %s (last %s)", topic, lookback);
                });
    }

    public PipelineTopicReader start() {
        replay.start();
        return this;
    }

    public boolean caughtUp() {
        return replay.caughtUp();
    }

    @Override
    public void close() {
        replay.close();
    }
}
