package io.gitops.bumper.artifacts;

import java.time.Duration;
import java.util.function.Consumer;

import io.gitops.events.CommitShas;
import io.gitops.events.Event;
import io.gitops.events.Sources;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.kit.Outcome;

/**
 * The checks of an {@code artifact.published} that need neither the config repository nor the registry, made before
 * it joins a batch: published by the build-orchestrator, tagged with a full 40-hex commit SHA that is the event's
 * source commit, and built by a pipeline that the orchestrator reported {@code SUCCEEDED} on {@code gitops.pipeline.v1}
 * (waited for up to {@code pipelineWait}, since that event follows the artifact on another topic). A refusal is a
 * permanent failure (a dead letter with the reason) counted by reason; a ledger that has not read its topic to the end
 * yet is a transient one.
 */
public final class ArtifactGate {

    private final PipelineLedger pipelines;
    private final Duration pipelineWait;
    private final Consumer<Refusal> refused;

    /**
     * @param pipelineWait how long an artifact waits for its pipeline's {@code pipeline.finished}
     * @param refused      told each refusal (the metric)
     */
    public ArtifactGate(PipelineLedger pipelines, Duration pipelineWait, Consumer<Refusal> refused) {
        this.pipelines = pipelines;
        this.pipelineWait = pipelineWait;
        this.refused = refused;
    }

    /** Null when the artifact may go on to its batch, else the failure to return. */
    public Outcome<?> check(Event<?> event, ArtifactPublished artifact) throws InterruptedException {
        String source = Sources.problem(event, Sources.BUILD_ORCHESTRATOR);
        if (source != null) {
            return refuse(Refusal.SOURCE, "refused: " + source);
        }
        String tag = artifact.tag();
        if (!CommitShas.isFull(tag)) {
            return refuse(Refusal.TAG, "refused: tag '" + printable(tag) + "' is not a full 40-hex commit SHA");
        }
        if (!tag.equals(artifact.sourceCommit())) {
            return refuse(Refusal.COMMIT, "refused: tag " + tag + " is not the source commit "
                    + printable(artifact.sourceCommit()));
        }
        PipelineLedger.Lookup lookup = pipelines.await(artifact.app(), tag, pipelineWait);
        if (lookup instanceof PipelineLedger.Found found) {
            if (!found.finished().succeeded()) {
                return refuse(Refusal.PIPELINE, "refused: pipeline " + found.finished().pipelineId() + " of "
                        + artifact.app() + "@" + tag + " finished " + found.finished().outcome());
            }
            return null;
        }
        if (lookup instanceof PipelineLedger.Missing) {
            return refuse(Refusal.PIPELINE, "refused: no pipeline.finished of the build-orchestrator for "
                    + artifact.app() + "@" + tag + " on gitops.pipeline.v1 within " + pipelineWait);
        }
        return Outcome.transientFailure("the pipeline ledger has not read gitops.pipeline.v1 to its end yet: "
                + "cannot tell whether " + artifact.app() + "@" + tag + " passed its pipeline", null);
    }

    private Outcome<?> refuse(Refusal refusal, String reason) {
        refused.accept(refusal);
        return Outcome.permanent(reason);
    }

    /** A value from the event, safe for a log line or a dead-letter header. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
