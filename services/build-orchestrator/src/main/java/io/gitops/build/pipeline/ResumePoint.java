package io.gitops.build.pipeline;

import java.util.List;

import io.gitops.config.PipelineConfig;
import io.gitops.events.data.GateResult;

/**
 * Where a pipeline (re)starts: the index in {@link PipelineConfig#STAGE_ORDER} of the first stage not yet succeeded
 * (the stage count when all did), the attempt number of that stage, and the gates of the stages already passed.
 */
public record ResumePoint(int stageIndex, int attempt, List<GateResult> gatesSoFar) {

    public ResumePoint {
        gatesSoFar = List.copyOf(gatesSoFar);
    }

    public static ResumePoint fromStart() {
        return new ResumePoint(0, 1, List.of());
    }

    public boolean allStagesDone() {
        return stageIndex >= PipelineConfig.STAGE_ORDER.size();
    }
}
