package io.gitops.build.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.gitops.config.PipelineConfig;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.EventData;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.PipelineTrigger;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageOutcome;
import io.gitops.events.data.StageStarted;
import io.gitops.events.data.TestCounts;

/**
 * The events of a pipeline, with stable ids (the same fact always has the same id, so a re-run after a restart
 * publishes ids consumers have seen), correlation = the commit, causation = the webhook event.
 */
public final class PipelineEvents {

    public static final String SOURCE = "build-orchestrator";

    private final Clock clock;

    public PipelineEvents(Clock clock) {
        this.clock = clock;
    }

    private <T extends EventData> Event<T> event(T data, PipelineSpec spec, String... identity) {
        return Event.of(data).idFrom(identity).source(SOURCE).time(clock.instant()).correlationId(spec.commit())
                .causationId(spec.causeEventId()).deliveryId(spec.deliveryId()).build();
    }

    public Event<PipelineQueued> queued(PipelineSpec spec, String executor, String supersedes) {
        return queued(spec, executor, supersedes, PipelineTrigger.WEBHOOK);
    }

    /** The queued event, saying what queued it (a webhook, or the reconciler). */
    public Event<PipelineQueued> queued(PipelineSpec spec, String executor, String supersedes,
                                        PipelineTrigger trigger) {
        return event(new PipelineQueued(spec.pipelineId(), spec.appName(), spec.sourceRepo(), spec.branch(),
                spec.commit(), spec.commitTime(), PipelineConfig.STAGE_ORDER, executor, supersedes, spec.queuedAt(),
                trigger), spec, "pipeline-queued", spec.pipelineId());
    }

    public Event<StageStarted> stageStarted(PipelineSpec spec, String stage, int attempt) {
        return event(new StageStarted(spec.pipelineId(), spec.appName(), spec.commit(), stage, attempt,
                clock.instant()), spec, "stage-started", spec.pipelineId(), stage, String.valueOf(attempt));
    }

    public Event<StageFinished> stageFinished(PipelineSpec spec, String stage, int attempt, StageOutcome outcome,
                                              Duration duration, List<GateResult> gates, TestCounts tests,
                                              String reason, String outputTail) {
        return event(new StageFinished(spec.pipelineId(), spec.appName(), spec.commit(), stage, attempt, outcome,
                duration.toMillis(), gates, tests, reason, outputTail, clock.instant()), spec, "stage-finished",
                spec.pipelineId(), stage, String.valueOf(attempt));
    }

    public Event<PipelineFinished> finished(PipelineSpec spec, PipelineOutcome outcome, String failedStage,
                                            String reason, String image) {
        long duration = Math.max(0, Duration.between(spec.queuedAt(), clock.instant()).toMillis());
        return event(new PipelineFinished(spec.pipelineId(), spec.appName(), spec.commit(), outcome, failedStage,
                reason, image, duration, clock.instant()), spec, "pipeline-finished", spec.pipelineId());
    }

    /** One artifact per (app, commit): the id is derived from those two only. */
    public Event<ArtifactPublished> artifact(PipelineSpec spec, String digest, List<GateResult> gates) {
        return event(new ArtifactPublished(spec.appName(), spec.pipelineId(), spec.app().image().repository(),
                spec.commit(), digest, spec.sourceRepo(), spec.branch(), spec.commit(), spec.commitTime(), gates,
                clock.instant()), spec, "artifact", spec.appName(), spec.commit());
    }
}
