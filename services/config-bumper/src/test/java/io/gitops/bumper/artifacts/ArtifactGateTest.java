package io.gitops.bumper.artifacts;

import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gitops.bumper.Fixtures;
import io.gitops.bumper.testing.Pipelines;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;

/** What an artifact must be before it joins a batch: who published it, its tag, and its pipeline's verdict. */
class ArtifactGateTest {

    static final String SHA = sha("gate");
    static final String REPOSITORY = "registry.local:5000/shop";

    final PipelineLedger ledger = new PipelineLedger(100);
    final List<Refusal> refusals = new ArrayList<>();
    final ArtifactGate gate = new ArtifactGate(ledger, Duration.ofMillis(200), refusals::add);

    Outcome<?> check(Event<ArtifactPublished> event) throws InterruptedException {
        return gate.check(event, event.data());
    }

    static Event<ArtifactPublished> artifact(String tag, String sourceCommit, String source) {
        return Fixtures.artifact("shop", tag, T0, REPOSITORY, null, sourceCommit, source);
    }

    @Test
    void givenAGenuineArtifactWhosePipelineSucceeded_whenChecked_thenItPasses() throws InterruptedException {
        ledger.record(Pipelines.succeeded("shop", SHA));

        Outcome<?> outcome = check(artifact(SHA, SHA, "build-orchestrator"));

        assertThat(outcome).isNull();
        assertThat(refusals).isEmpty();
    }

    @Test
    void givenAnArtifactFromAnotherSource_whenChecked_thenItIsRefusedForItsSource() throws InterruptedException {
        ledger.record(Pipelines.succeeded("shop", SHA));

        Outcome<?> outcome = check(artifact(SHA, SHA, "intruder"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("refused: io.gitops.artifact.published.v1 from /gitops/intruder, not from the "
                        + "build-orchestrator (/gitops/build-orchestrator)"));
        assertThat(refusals).containsExactly(Refusal.SOURCE);
    }

    @Test
    void givenATagThatIsNotAFullSha_whenChecked_thenItIsRefusedForItsTag() throws InterruptedException {
        Outcome<?> outcome = check(artifact("latest", SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("refused: tag 'latest' is not a full 40-hex commit SHA"));
        assertThat(refusals).containsExactly(Refusal.TAG);
    }

    @Test
    void givenATagThatIsAnotherCommit_whenChecked_thenItIsRefusedForTheCommit() throws InterruptedException {
        String other = sha("other");
        ledger.record(Pipelines.succeeded("shop", other));

        Outcome<?> outcome = check(artifact(other, SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("refused: tag " + other + " is not the source commit " + SHA));
        assertThat(refusals).containsExactly(Refusal.COMMIT);
    }

    @Test
    void givenNoPipelineFinishedOnceTheLedgerIsLoaded_whenChecked_thenItIsRefusedAfterTheWait()
            throws InterruptedException {
        ledger.caughtUp();

        Outcome<?> outcome = check(artifact(SHA, SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("refused: no pipeline.finished of the build-orchestrator for shop@" + SHA
                        + " on gitops.pipeline.v1 within PT0.2S"));
        assertThat(refusals).containsExactly(Refusal.PIPELINE);
    }

    @Test
    void givenAPipelineThatFailed_whenChecked_thenItIsRefusedWithTheOutcome() throws InterruptedException {
        ledger.record(Pipelines.finished("shop", SHA, PipelineOutcome.FAILED, "build-orchestrator"));

        Outcome<?> outcome = check(artifact(SHA, SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .contains("finished FAILED"));
        assertThat(refusals).containsExactly(Refusal.PIPELINE);
    }

    @Test
    void givenAForgedPipelineFinished_whenChecked_thenItVouchesForNothing() throws InterruptedException {
        ledger.record(Pipelines.finished("shop", SHA, PipelineOutcome.SUCCEEDED, "intruder"));
        ledger.caughtUp();

        Outcome<?> outcome = check(artifact(SHA, SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(refusals).containsExactly(Refusal.PIPELINE);
    }

    @Test
    void givenALedgerStillLoading_whenNoVerdictArrives_thenTheCheckIsTransient() throws InterruptedException {
        Outcome<?> outcome = check(artifact(SHA, SHA, "build-orchestrator"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.TransientFailure.class, t -> assertThat(t.reason())
                .contains("has not read gitops.pipeline.v1 to its end yet"));
        assertThat(refusals).isEmpty();
    }

    @Test
    void givenTheArtifactBeforeItsPipelineFinished_whenTheVerdictArrivesDuringTheWait_thenItPasses()
            throws Exception {
        ArtifactGate patient = new ArtifactGate(ledger, Duration.ofSeconds(30), refusals::add);
        ledger.caughtUp();
        CompletableFuture<Outcome<?>> checked = CompletableFuture.supplyAsync(() -> {
            try {
                return patient.check(artifact(SHA, SHA, "build-orchestrator"),
                        artifact(SHA, SHA, "build-orchestrator").data());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        ledger.record(Pipelines.succeeded("shop", SHA));

        assertThat(checked.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(ledger.get("shop", SHA)).map(PipelineLedger.Finished::succeeded).contains(true);
    }

    @Test
    void givenAFullLedger_whenMorePipelinesFinish_thenTheOldestIsForgotten() {
        PipelineLedger small = new PipelineLedger(2);
        small.record(Pipelines.succeeded("shop", sha("1")));
        small.record(Pipelines.succeeded("shop", sha("2")));

        small.record(Pipelines.succeeded("shop", sha("3")));

        assertThat(small.get("shop", sha("1"))).isEmpty();
        assertThat(small.get("shop", sha("3"))).isPresent();
    }
}
