package io.gitops.build.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gitops.config.PipelineConfig;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageOutcome;

/**
 * What the {@code pipeline.v1} topic says about one pipeline: how it was queued (and by which webhook event), the
 * last attempt started of each stage, the last result of each stage, and how it finished (null while unfinished).
 */
public record PipelineState(PipelineQueued queued, String causeEventId, String deliveryId,
                            Map<String, Integer> attempts, Map<String, StageFinished> results,
                            PipelineFinished finished) {

    public PipelineState {
        attempts = Map.copyOf(attempts);
        results = Map.copyOf(results);
    }

    public static PipelineState queued(PipelineQueued queued, String causeEventId, String deliveryId) {
        return new PipelineState(queued, causeEventId, deliveryId, Map.of(), Map.of(), null);
    }

    public String pipelineId() {
        return queued.pipelineId();
    }

    public boolean isFinished() {
        return finished != null;
    }

    PipelineState started(String stage, int attempt) {
        Map<String, Integer> next = new HashMap<>(attempts);
        next.merge(stage, attempt, Math::max);
        return new PipelineState(queued, causeEventId, deliveryId, next, results, finished);
    }

    PipelineState stageFinished(StageFinished result) {
        Map<String, Integer> nextAttempts = new HashMap<>(attempts);
        nextAttempts.merge(result.stage(), result.attempt(), Math::max);
        Map<String, StageFinished> next = new HashMap<>(results);
        next.put(result.stage(), result);
        return new PipelineState(queued, causeEventId, deliveryId, nextAttempts, next, finished);
    }

    PipelineState finished(PipelineFinished outcome) {
        return new PipelineState(queued, causeEventId, deliveryId, attempts, results, outcome);
    }

    /** The first stage not yet passed (succeeded or skipped), its next attempt, and the gates passed before it. */
    public ResumePoint resumePoint() {
        List<GateResult> gates = new ArrayList<>();
        List<String> order = PipelineConfig.STAGE_ORDER;
        for (int i = 0; i < order.size(); i++) {
            StageFinished result = results.get(order.get(i));
            if (result == null || result.outcome() == StageOutcome.FAILED) {
                return new ResumePoint(i, attempts.getOrDefault(order.get(i), 0) + 1, gates);
            }
            gates.addAll(result.gates());
        }
        return new ResumePoint(order.size(), 1, gates);
    }
}
