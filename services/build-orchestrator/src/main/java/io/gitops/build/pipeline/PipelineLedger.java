package io.gitops.build.pipeline;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageStarted;

/**
 * Every pipeline the {@code pipeline.v1} topic knows, folded from its events: filled by reading the topic back on
 * start, then kept current by the events this service publishes. It answers "was (app, commit) built already?" and
 * "which pipelines did not finish?" (to resume them after a restart).
 */
public final class PipelineLedger {

    private final Map<String, PipelineState> pipelines = new LinkedHashMap<>();

    /** Folds one event in; events of other types, or of pipelines never queued, are ignored. */
    public synchronized void apply(Event<?> event) {
        if (event.data() instanceof PipelineQueued queued) {
            pipelines.putIfAbsent(queued.pipelineId(),
                    PipelineState.queued(queued, event.causationId(), event.deliveryId()));
        } else if (event.data() instanceof StageStarted started) {
            pipelines.computeIfPresent(started.pipelineId(), (id, s) -> s.started(started.stage(), started.attempt()));
        } else if (event.data() instanceof StageFinished finished) {
            pipelines.computeIfPresent(finished.pipelineId(), (id, s) -> s.stageFinished(finished));
        } else if (event.data() instanceof PipelineFinished finished) {
            pipelines.computeIfPresent(finished.pipelineId(), (id, s) -> s.finished(finished));
        }
    }

    public synchronized boolean exists(String app, String commit) {
        return pipelines.containsKey(PipelineIds.of(app, commit));
    }

    /** Whether {@code app} has any pipeline in the history (of any commit). */
    public synchronized boolean knowsApp(String app) {
        return pipelines.values().stream().anyMatch(s -> app.equals(s.queued().app()));
    }

    public synchronized Optional<PipelineState> get(String pipelineId) {
        return Optional.ofNullable(pipelines.get(pipelineId));
    }

    /** Unfinished pipelines, oldest queued first. */
    public synchronized List<PipelineState> unfinished() {
        return pipelines.values().stream().filter(s -> !s.isFinished())
                .sorted(Comparator.comparing(s -> s.queued().queuedAt())).toList();
    }

    public synchronized int size() {
        return pipelines.size();
    }
}
