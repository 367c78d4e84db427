package io.gitops.bumper.testing;

import java.time.Duration;
import java.time.Instant;

import io.gitops.bumper.artifacts.PipelineLedger;
import io.gitops.events.Event;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;

/** {@code pipeline.finished} events and pipeline ledgers for tests. */
public final class Pipelines {

    private Pipelines() {
    }

    /** The orchestrator's {@code pipeline.finished} of {@code app@commit} with {@code outcome}, from {@code source}. */
    public static Event<PipelineFinished> finished(String app, String commit, PipelineOutcome outcome,
                                                   String source) {
        PipelineFinished data = new PipelineFinished("pl-" + app + "-" + commit.substring(0, 12), app, commit,
                outcome, null, null, null, 1000, Instant.parse("2026-11-27T10:01:00Z"));
        return Event.of(data).idFrom("pipeline.finished", app, commit, outcome.name(), source).source(source)
                .correlationId(commit).time(data.finishedAt()).build();
    }

    /** The orchestrator's successful {@code pipeline.finished} of {@code app@commit}. */
    public static Event<PipelineFinished> succeeded(String app, String commit) {
        return finished(app, commit, PipelineOutcome.SUCCEEDED, "build-orchestrator");
    }

    /** A ledger in which every pipeline succeeded (for tests about something else). */
    public static PipelineLedger allSucceeded() {
        return new PipelineLedger(1) {
            @Override
            public synchronized Lookup await(String app, String commit, Duration wait) {
                return new Found(new Finished("pl-" + app, "SUCCEEDED"));
            }
        };
    }
}
