package io.gitops.bumper.artifacts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.events.Sources;
import io.gitops.events.data.PipelineFinished;

/**
 * The pipelines the build-orchestrator reported finished, by app and commit, as read from {@code gitops.pipeline.v1}
 * (filled by {@link PipelineTopicReader}); bounded, the oldest forgotten first. A {@code pipeline.finished} from any
 * other source is ignored: it cannot vouch for an artifact. The orchestrator publishes {@code artifact.published}
 * before {@code pipeline.finished}, on another topic, so an artifact usually arrives first: {@link #await} waits,
 * bounded, for the verdict of its pipeline.
 */
public class PipelineLedger {

    /** How a pipeline ended, as its last {@code pipeline.finished} said. */
    public record Finished(String pipelineId, String outcome) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(outcome);
        }
    }

    /** What {@link #await} found: the verdict, none though the ledger read everything, or none yet. */
    public sealed interface Lookup {
    }

    public record Found(Finished finished) implements Lookup {
    }

    /** The ledger read the topic to its end and holds no verdict for the commit. */
    public record Missing() implements Lookup {
    }

    /** The ledger has not read the topic to its end yet: nothing can be said. */
    public record Unknown() implements Lookup {
    }

    private final int capacity;
    private final Map<String, Finished> finished;
    private boolean caughtUp;

    public PipelineLedger(int capacity) {
        this.capacity = capacity;
        this.finished = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Finished> eldest) {
                return size() > PipelineLedger.this.capacity;
            }
        };
    }

    /** Takes one event of the pipeline topic; all but a {@code pipeline.finished} of the orchestrator is ignored. */
    public synchronized void record(Event<?> event) {
        if (event.data() instanceof PipelineFinished f && Sources.is(event, Sources.BUILD_ORCHESTRATOR)
                && f.outcome() != null) {
            finished.put(key(f.app(), f.commit()), new Finished(f.pipelineId(), f.outcome().name()));
            notifyAll();
        }
    }

    /** Marks that everything the topic held at start was recorded. */
    public synchronized void caughtUp() {
        caughtUp = true;
        notifyAll();
    }

    /** The verdict for {@code app@commit} now, without waiting. */
    public synchronized Optional<Finished> get(String app, String commit) {
        return Optional.ofNullable(finished.get(key(app, commit)));
    }

    /** Waits up to {@code wait} for a verdict on {@code app@commit}. */
    public synchronized Lookup await(String app, String commit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Finished found = finished.get(key(app, commit));
            if (found != null) {
                return new Found(found);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return caughtUp ? new Missing() : new Unknown();
            }
            long millis = Math.max(1, left / 1_000_000);
            wait(millis);
        }
    }

    private static String key(String app, String commit) {
        return app + "@" + commit;
    }
}
