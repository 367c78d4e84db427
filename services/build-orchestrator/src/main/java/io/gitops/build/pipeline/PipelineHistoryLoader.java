package io.gitops.build.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import io.gitops.events.Topics;
import io.gitops.kit.TopicReplay;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Reads {@code pipeline.v1} from the beginning to its end at start into the {@link PipelineLedger}: the topic is the
 * durable record of every pipeline transition, so it is the pipeline state store too.
 */
public final class PipelineHistoryLoader {

    private static final Logger LOG = Logger.getLogger(PipelineHistoryLoader.class);

    private PipelineHistoryLoader() {
    }

    /** Returns the number of records read; throws when the broker does not answer within {@code timeout}. */
    public static int load(KafkaClientSettings kafka, PipelineLedger ledger, Duration timeout) {
        AtomicInteger read = new AtomicInteger();
        TopicReplay.readToEnd(kafka, Topics.PIPELINE, "build-orchestrator-history",
                TopicReplay.StartAt.beginning(), record -> {
                    read.incrementAndGet();
                    try {
                        ledger.apply(EventCodec.decode(record));
                    } catch (EventDecodingException e) {
                        LOG.warnf("skipping unreadable %s record at %d/%d: %s", Topics.PIPELINE, record.partition(),
                                record.offset(), e.getMessage());
                    }
                }, timeout);
        return read.get();
    }
}
