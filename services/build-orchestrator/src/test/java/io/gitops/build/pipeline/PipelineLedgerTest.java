package io.gitops.build.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.gitops.build.testing.Apps;
import io.gitops.events.EventIds;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.StageOutcome;
import org.junit.jupiter.api.Test;

class PipelineLedgerTest {

    static final String SHA = Apps.SHA;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    static final PipelineSpec SPEC = new PipelineSpec(PipelineIds.of("shop", SHA), Apps.app("shop",
            "acme/shop"), "acme/shop", "main", SHA, null, "http://git/acme/shop.git", "webhook-1", "delivery-1",
            CLOCK.instant());

    final PipelineEvents events = new PipelineEvents(CLOCK);
    final PipelineLedger ledger = new PipelineLedger();

    @Test
    void givenAPipelineThatPassedLintAndFailedTestOnce_whenItsResumePointIsAsked_thenItIsTestAttemptTwo() {
        GateResult lint = new GateResult("lint", true, 0.0, 0.0, "exit status", "ok");
        ledger.apply(events.queued(SPEC, "local", null));
        ledger.apply(events.stageStarted(SPEC, "lint", 1));
        ledger.apply(events.stageFinished(SPEC, "lint", 1, StageOutcome.SUCCEEDED, Duration.ofSeconds(1),
                List.of(lint), null, null, null));
        ledger.apply(events.stageStarted(SPEC, "test", 1));

        ResumePoint resume = ledger.get(SPEC.pipelineId()).orElseThrow().resumePoint();

        assertThat(resume).isEqualTo(new ResumePoint(1, 2, List.of(lint)));
        assertThat(ledger.unfinished()).hasSize(1);
        assertThat(ledger.exists("shop", SHA)).isTrue();
    }

    @Test
    void givenAllStagesPassedButNoFinish_whenItsResumePointIsAsked_thenOnlyTheArtifactIsLeft() {
        ledger.apply(events.queued(SPEC, "local", null));
        for (String stage : List.of("lint", "test", "sast", "build", "push")) {
            ledger.apply(events.stageFinished(SPEC, stage, 1, stage.equals("lint") ? StageOutcome.SKIPPED
                    : StageOutcome.SUCCEEDED, Duration.ZERO, List.of(), null, null, null));
        }

        assertThat(ledger.get(SPEC.pipelineId()).orElseThrow().resumePoint().allStagesDone()).isTrue();
    }

    @Test
    void givenAFinishedPipeline_whenUnfinishedAreListed_thenItIsNotThere() {
        ledger.apply(events.queued(SPEC, "local", null));
        ledger.apply(events.finished(SPEC, PipelineOutcome.FAILED, "test", "coverage", null));

        assertThat(ledger.unfinished()).isEmpty();
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void givenEventsOfAnUnknownPipeline_whenApplied_thenTheyAreIgnored() {
        ledger.apply(events.stageStarted(SPEC, "lint", 1));

        assertThat(ledger.size()).isZero();
    }

    @Test
    void givenTheSameFactTwice_whenEventsAreMade_thenTheyHaveTheSameStableIds() {
        assertThat(events.stageStarted(SPEC, "test", 2).id()).isEqualTo(events.stageStarted(SPEC, "test", 2).id())
                .isNotEqualTo(events.stageStarted(SPEC, "test", 1).id());
        var artifact = events.artifact(SPEC, "sha256:x", List.of());
        assertThat(artifact.id()).isEqualTo(EventIds.stable("artifact", "shop", SHA));
        assertThat(artifact.correlationId()).isEqualTo(SHA);
        assertThat(artifact.causationId()).isEqualTo("webhook-1");
        assertThat(artifact.data().tag()).isEqualTo(SHA);
        assertThat(SPEC.pipelineId()).isEqualTo("pl-shop-9f2c1e4b7a6d");
    }
}
