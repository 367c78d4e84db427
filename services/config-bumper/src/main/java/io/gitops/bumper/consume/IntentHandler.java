package io.gitops.bumper.consume;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.gitops.bumper.artifacts.ArtifactGate;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.events.Event;
import io.gitops.events.EventType;
import io.gitops.events.Sources;
import io.gitops.kit.Outcome;
import io.gitops.kit.consume.RecordPipeline;
import org.jboss.logging.Logger;

/**
 * The bumper's part of consuming one event (decoding, dedupe, retries and dead letters are the kit's
 * {@link RecordPipeline}): ignores rollout verdicts other than failed, turns the event into an {@link Intent} (an event
 * the bumper does not act on is a permanent failure), refuses an artifact that fails the {@link ArtifactGate} and a
 * {@code rollout.failed} not published by the health verifier (permanent: dead letter with the reason), submits the
 * intent to the coalescer and waits, bounded, for its batch.
 * A batch that did not finish in time or blew up is a transient failure; otherwise the batch's own classification of
 * the intent's result decides.
 */
public final class IntentHandler implements RecordPipeline.Handler {

    private static final Logger LOG = Logger.getLogger(IntentHandler.class);

    /** The value of a successful outcome for an event that is not for the bumper (a progressing or healthy rollout). */
    public record Ignored(String type) {
    }

    private final Function<Intent, CompletableFuture<IntentResult>> submit;
    private final Duration timeout;
    private final ArtifactGate gate;

    /**
     * @param submit  hands an intent to the coalescer; the future completes when its batch is done
     * @param timeout how long one attempt waits for its batch
     * @param gate    the checks an artifact passes before it joins a batch
     */
    public IntentHandler(Function<Intent, CompletableFuture<IntentResult>> submit, Duration timeout,
                         ArtifactGate gate) {
        this.submit = submit;
        this.timeout = timeout;
        this.gate = gate;
    }

    @Override
    public Outcome<?> handle(Event<?> event) {
        if (event.type() == EventType.ROLLOUT_PROGRESSING || event.type() == EventType.ROLLOUT_HEALTHY) {
            return Outcome.success(new Ignored(event.type().type()));
        }
        Intent intent;
        try {
            intent = Intent.of(event);
        } catch (IllegalArgumentException e) {
            return Outcome.permanent(e.getMessage(), e);
        }
        if (intent instanceof Intent.Bump bump) {
            Outcome<?> refused = checkArtifact(bump);
            if (refused != null) {
                return refused;
            }
        } else if (!Sources.is(event, Sources.HEALTH_VERIFIER)) {
            return Outcome.permanent("refused: " + Sources.problem(event, Sources.HEALTH_VERIFIER));
        }
        Outcome<IntentResult> outcome = awaitBatch(intent);
        if (outcome instanceof Outcome.Success<IntentResult> success) {
            success.value().targets().forEach(t -> LOG.infof("%s/%s: %s", t.app(), t.env(), describe(t)));
        }
        return outcome;
    }

    private Outcome<?> checkArtifact(Intent.Bump bump) {
        try {
            return gate.check(bump.event(), bump.artifact());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("interrupted", e);
        }
    }

    private Outcome<IntentResult> awaitBatch(Intent intent) {
        try {
            return submit.apply(intent).get(timeout.toMillis(), TimeUnit.MILLISECONDS).outcome();
        } catch (TimeoutException e) {
            return Outcome.transientFailure("the batch did not finish within " + timeout, e);
        } catch (ExecutionException e) {
            // Whatever broke the batch (the writer thread, a bug) says nothing about this event: worth a retry.
            return Outcome.transientFailure("the batch failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("interrupted", e);
        }
    }

    private static String describe(TargetResult result) {
        if (result instanceof TargetResult.Changed changed) {
            return "committed " + changed.event().data().commit() + ", config.changed " + changed.event().id();
        }
        if (result instanceof TargetResult.PullRequestOpened pr) {
            return (pr.created() ? "opened " : "updated ") + pr.event().data().pullRequestUrl();
        }
        return result.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ": " + reason(result);
    }

    private static String reason(TargetResult result) {
        if (result instanceof TargetResult.Unchanged unchanged) {
            return unchanged.reason();
        }
        if (result instanceof TargetResult.Superseded superseded) {
            return superseded.reason();
        }
        if (result instanceof TargetResult.Refused refused) {
            return refused.reason();
        }
        return ((TargetResult.Failed) result).reason();
    }
}
