package io.gitops.build.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.gitops.build.BuildMetrics;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.build.registry.ImageRepository;
import io.gitops.build.registry.Registries;
import io.gitops.build.stage.Stage;
import io.gitops.build.stage.StageContext;
import io.gitops.build.stage.StageResult;
import io.gitops.config.PipelineConfig;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.StageOutcome;
import io.gitops.kit.LogContext;
import io.gitops.kit.Outcome;
import io.gitops.kit.PublishException;
import io.gitops.kit.Retry;
import org.jboss.logging.Logger;

/**
 * The pipeline state machine: checkout, then {@code lint → test → sast → build → push} from the resume point,
 * stopping at the first failure, then the artifact. Every transition is published before the next step starts, so
 * the topic always says how far a pipeline got. Transient stage failures are retried within the attempt (bounded);
 * on shutdown a pipeline is abandoned without a word, to be resumed from its unfinished stage on the next start.
 */
public final class PipelineRunner {

    private static final Logger LOG = Logger.getLogger(PipelineRunner.class);

    /** What the runner needs besides its stages. */
    public record Settings(Path workDir, Duration maxStageTimeout, Retry transientRetry, Retry.Sleeper sleeper,
                           Duration republishDelay) {
    }

    private final List<Stage> stages;
    private final Map<String, StageExecutor> executors;
    private final GitCheckout checkout;
    private final Registries registries;
    private final PipelineEvents events;
    private final PipelineEventSink sink;
    private final BuildMetrics metrics;
    private final Settings settings;
    private final Consumer<PipelineScheduler.Job> retryLater;
    private volatile boolean stopping;

    public PipelineRunner(List<Stage> stages, Map<String, StageExecutor> executors, GitCheckout checkout,
                          Registries registries, PipelineEvents events, PipelineEventSink sink, BuildMetrics metrics,
                          Settings settings, Consumer<PipelineScheduler.Job> retryLater) {
        if (!stages.stream().map(Stage::name).toList().equals(PipelineConfig.STAGE_ORDER)) {
            throw new IllegalArgumentException("stages must be " + PipelineConfig.STAGE_ORDER);
        }
        this.stages = List.copyOf(stages);
        this.executors = Map.copyOf(executors);
        this.checkout = checkout;
        this.registries = registries;
        this.events = events;
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
        this.retryLater = retryLater;
    }

    /** From now on pipelines are abandoned at the next step, unpublished (service shutdown). */
    public void stop() {
        stopping = true;
    }

    private boolean abandoned() {
        return stopping || Thread.currentThread().isInterrupted();
    }

    public void run(PipelineScheduler.Job job) {
        PipelineSpec spec = job.spec();
        try (LogContext ignored = LogContext.empty().put(LogContext.APP, spec.appName())
                .put(LogContext.DELIVERY_ID, spec.deliveryId() == null ? "" : spec.deliveryId())
                .put(LogContext.COMMIT, spec.commit()).put(LogContext.EVENT_ID, spec.causeEventId())) {
            runLogged(spec, job.resume());
        } catch (PublishException e) {
            if (!abandoned()) {
                LOG.warnf("pipeline %s paused: %s; it resumes in %s", spec.pipelineId(), e.getMessage(),
                        settings.republishDelay());
                retryLater.accept(job);
            }
        }
    }

    private void runLogged(PipelineSpec spec, ResumePoint resume) {
        Path workspace = settings.workDir().resolve("workspaces").resolve(spec.pipelineId());
        Path scratch = settings.workDir().resolve("scratch").resolve(spec.pipelineId());
        List<GateResult> gates = new ArrayList<>(resume.gatesSoFar());
        try {
            if (!resume.allStagesDone()) {
                StageExecutor executor = executors.get(spec.app().pipeline().executor());
                if (executor == null) {
                    finishFailed(spec, "executor", "executor '" + spec.app().pipeline().executor()
                            + "' is not available in this build-orchestrator (available: " + executors.keySet() + ")");
                    return;
                }
                Outcome<GitCheckout.Checkout> checkedOut = settings.transientRetry().run(
                        () -> checkout.checkout(spec.cloneUrl(), spec.branch(), spec.commit(), workspace),
                        settings.sleeper());
                if (abandoned()) {
                    return;
                }
                if (!(checkedOut instanceof Outcome.Success<GitCheckout.Checkout>)) {
                    finishFailed(spec, "checkout", reason(checkedOut));
                    return;
                }
                Duration timeout = Duration.ofSeconds(Math.min(spec.app().pipeline().stageTimeoutSeconds(),
                        settings.maxStageTimeout().toSeconds()));
                for (int i = resume.stageIndex(); i < stages.size(); i++) {
                    int attempt = i == resume.stageIndex() ? resume.attempt() : 1;
                    StageContext context = new StageContext(spec, workspace, scratch, executor, timeout, attempt);
                    Optional<StageResult> result = runStage(stages.get(i), context);
                    if (result.isEmpty()) {
                        return;
                    }
                    if (result.get() instanceof StageResult.Success success) {
                        gates.addAll(success.gates());
                    } else {
                        finishFailed(spec, stages.get(i).name(), ((StageResult.PermanentFailure) result.get()).reason());
                        return;
                    }
                }
            }
            publishArtifact(spec, gates);
        } finally {
            if (!abandoned()) {
                GitCheckout.deleteRecursively(workspace);
                GitCheckout.deleteRecursively(scratch);
            }
        }
    }

    /** Runs one stage with its start and finish events; empty when abandoned. */
    private Optional<StageResult> runStage(Stage stage, StageContext context) {
        PipelineSpec spec = context.spec();
        sink.publish(events.stageStarted(spec, stage.name(), context.attempt()));
        long started = System.nanoTime();
        StageResult result = runWithRetry(stage, context);
        if (abandoned()) {
            return Optional.empty();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        if (result instanceof StageResult.TransientFailure t) {
            result = new StageResult.PermanentFailure(t.reason() + " (still failing after "
                    + settings.transientRetry().maxAttempts() + " attempts)", List.of(), null, t.outputTail());
        }
        if (result instanceof StageResult.Success success) {
            StageOutcome outcome = success.skippedReason() == null ? StageOutcome.SUCCEEDED : StageOutcome.SKIPPED;
            sink.publish(events.stageFinished(spec, stage.name(), context.attempt(), outcome, duration,
                    success.gates(), success.tests(), success.skippedReason(), success.outputTail()));
            metrics.stageFinished(stage.name(), outcome.name(), duration);
        } else {
            StageResult.PermanentFailure failure = (StageResult.PermanentFailure) result;
            sink.publish(events.stageFinished(spec, stage.name(), context.attempt(), StageOutcome.FAILED, duration,
                    failure.gates(), failure.tests(), failure.reason(), failure.outputTail()));
            metrics.stageFinished(stage.name(), StageOutcome.FAILED.name(), duration);
            failure.gates().stream().filter(g -> !g.passed()).forEach(g -> metrics.gateFailed(g.gate()));
            LOG.infof("pipeline %s failed at %s: %s", spec.pipelineId(), stage.name(), failure.reason());
        }
        return Optional.of(result);
    }

    private StageResult runWithRetry(Stage stage, StageContext context) {
        StageResult result = null;
        for (int i = 1; i <= settings.transientRetry().maxAttempts(); i++) {
            result = stage.run(context);
            if (!(result instanceof StageResult.TransientFailure) || abandoned()
                    || i == settings.transientRetry().maxAttempts()) {
                return result;
            }
            LOG.infof("stage %s of %s failed transiently (%s), trying again", stage.name(),
                    context.spec().pipelineId(), ((StageResult.TransientFailure) result).reason());
            try {
                settings.sleeper().sleep(settings.transientRetry().backoff(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
        return result;
    }

    private void publishArtifact(PipelineSpec spec, List<GateResult> gates) {
        ImageRepository repository = ImageRepository.parse(spec.app().image().repository());
        Outcome<Optional<String>> digest = settings.transientRetry().run(
                () -> registries.forRepository(repository).digest(repository, spec.commit()), settings.sleeper());
        if (abandoned()) {
            return;
        }
        if (!(digest instanceof Outcome.Success<Optional<String>> read) || read.value().isEmpty()) {
            finishFailed(spec, "push", digest instanceof Outcome.Success<?> ? "the registry does not list "
                    + spec.image() + " any more" : reason(digest));
            return;
        }
        sink.publish(events.artifact(spec, read.value().get(), gates));
        sink.publish(events.finished(spec, PipelineOutcome.SUCCEEDED, null, null, spec.image()));
        metrics.pipelineFinished(PipelineOutcome.SUCCEEDED.name(), Duration.between(spec.queuedAt(),
                java.time.Instant.now()));
        LOG.infof("pipeline %s succeeded: %s@%s", spec.pipelineId(), spec.image(), read.value().get());
    }

    private void finishFailed(PipelineSpec spec, String stage, String reason) {
        sink.publish(events.finished(spec, PipelineOutcome.FAILED, stage, reason, null));
        metrics.pipelineFinished(PipelineOutcome.FAILED.name(), Duration.between(spec.queuedAt(),
                java.time.Instant.now()));
    }

    static String reason(Outcome<?> outcome) {
        if (outcome instanceof Outcome.PermanentFailure<?> p) {
            return p.reason();
        }
        if (outcome instanceof Outcome.TransientFailure<?> t) {
            return t.reason();
        }
        return "unexpected outcome";
    }
}
