package io.gitops.build.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageStarted;
import io.gitops.testing.kafka.KafkaTestBroker;

/** Reads what the orchestrator published about one pipeline. */
public final class PipelineTopics {

    private PipelineTopics() {
    }

    /** Every event of the pipeline and artifact topics about {@code pipelineId}, read until {@code done} holds. */
    public static List<Event<?>> read(KafkaTestBroker broker, String pipelineId, Predicate<List<Event<?>>> done,
                                      Duration timeout) {
        List<Event<?>>[] events = new List[1];
        broker.readUntil(List.of(Topics.PIPELINE, Topics.ARTIFACT_PUBLISHED), records -> {
            List<Event<?>> mine = new java.util.ArrayList<>();
            for (var record : records) {
                Event<?> event = EventCodec.decode(record);
                if (pipelineId.equals(pipelineOf(event))) {
                    mine.add(event);
                }
            }
            events[0] = mine;
            return done.test(events[0]);
        }, timeout);
        return events[0];
    }

    public static List<Event<?>> untilFinished(KafkaTestBroker broker, String pipelineId) {
        return read(broker, pipelineId, events -> events.stream().anyMatch(e -> e.data() instanceof PipelineFinished),
                Duration.ofSeconds(90));
    }

    public static String pipelineOf(Event<?> event) {
        Object data = event.data();
        if (data instanceof PipelineQueued d) {
            return d.pipelineId();
        }
        if (data instanceof StageStarted d) {
            return d.pipelineId();
        }
        if (data instanceof StageFinished d) {
            return d.pipelineId();
        }
        if (data instanceof PipelineFinished d) {
            return d.pipelineId();
        }
        if (data instanceof ArtifactPublished d) {
            return d.pipelineId();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> data(List<Event<?>> events, Class<T> type) {
        return events.stream().map(Event::data).filter(type::isInstance).map(d -> (T) d).toList();
    }
}
