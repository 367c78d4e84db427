package io.gitops.build.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.gitops.build.BuildMetrics;
import io.gitops.build.exec.SecretMask;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.build.registry.Registries;
import io.gitops.build.stage.StageContext;
import io.gitops.build.stage.StageRegistry;
import io.gitops.build.stage.StageReport;
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

    /**
     * What the runner needs besides its stages.
     *
     * @param transientRetry retries of the checkout and of reading the digest back
     * @param mask           hides configured secrets in the reasons and output tails published and logged
     */
    public record Settings(Path workDir, Retry transientRetry, Retry.Sleeper sleeper, Duration republishDelay,
                           SecretMask mask) {

        /** Settings without secrets to mask (tests). */
        public Settings(Path workDir, Retry transientRetry, Retry.Sleeper sleeper, Duration republishDelay) {
            this(workDir, transientRetry, sleeper, republishDelay, SecretMask.none());
        }
    }

    private final StageRegistry stages;
    private final Map<String, StageExecutor> executors;
    private final GitCheckout checkout;
    private final Registries registries;
    private final PipelineEvents events;
    private final PipelineEventSink sink;
    private final BuildMetrics metrics;
    private final Settings settings;
    private final Consumer<PipelineScheduler.Job> retryLater;
    private volatile boolean stopping;

    public PipelineRunner(StageRegistry stages, Map<String, StageExecutor> executors, GitCheckout checkout,
                          Registries registries, PipelineEvents events, PipelineEventSink sink, BuildMetrics metrics,
                          Settings settings, Consumer<PipelineScheduler.Job> retryLater) {
        this.stages = stages;
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
                for (int i = resume.stageIndex(); i < stages.size(); i++) {
                    StageRegistry.Entry stage = stages.get(i);
                    int attempt = i == resume.stageIndex() ? resume.attempt() : 1;
                    StageContext context = new StageContext(spec, workspace, scratch, executor, stage.timeout(spec),
                            attempt);
                    Optional<Outcome<StageReport>> result = runStage(stage, context);
                    if (result.isEmpty()) {
                        return;
                    }
                    if (result.get() instanceof Outcome.Success<StageReport> success) {
                        gates.addAll(masked(success.value().gates()));
                    } else {
                        finishFailed(spec, stage.name(), reason(result.get()));
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
    private Optional<Outcome<StageReport>> runStage(StageRegistry.Entry stage, StageContext context) {
        PipelineSpec spec = context.spec();
        sink.publish(events.stageStarted(spec, stage.name(), context.attempt()));
        long started = System.nanoTime();
        Outcome<StageReport> result = stage.retry().run(() -> abandoned() ? StageReport.failed("abandoned")
                : stage.stage().run(context), settings.sleeper(), (n, failure, backoff) -> LOG.infof(
                "stage %s of %s failed transiently (%s), trying again in %d ms", stage.name(), spec.pipelineId(),
                settings.mask().mask(failure.reason()), backoff.toMillis()));
        if (abandoned()) {
            return Optional.empty();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        StageReport report = StageReport.of(result);
        if (result instanceof Outcome.TransientFailure<StageReport> t) {
            result = StageReport.failed(t.reason() + " (still failing after " + stage.retry().maxAttempts()
                    + " attempts)", List.of(), null, report.outputTail());
            report = StageReport.of(result);
        }
        SecretMask mask = settings.mask();
        if (result instanceof Outcome.Success<StageReport>) {
            StageOutcome outcome = report.skippedReason() == null ? StageOutcome.SUCCEEDED : StageOutcome.SKIPPED;
            sink.publish(events.stageFinished(spec, stage.name(), context.attempt(), outcome, duration,
                    masked(report.gates()), report.tests(), mask.mask(report.skippedReason()),
                    mask.mask(report.outputTail())));
            metrics.stageFinished(stage.name(), outcome.name(), duration);
        } else {
            String reason = mask.mask(reason(result));
            sink.publish(events.stageFinished(spec, stage.name(), context.attempt(), StageOutcome.FAILED, duration,
                    masked(report.gates()), report.tests(), reason, mask.mask(report.outputTail())));
            metrics.stageFinished(stage.name(), StageOutcome.FAILED.name(), duration);
            report.gates().stream().filter(g -> !g.passed()).forEach(g -> metrics.gateFailed(g.gate()));
            LOG.infof("pipeline %s failed at %s: %s", spec.pipelineId(), stage.name(), reason);
        }
        return Optional.of(result);
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
        sink.publish(events.finished(spec, PipelineOutcome.FAILED, stage, settings.mask().mask(reason), null));
        metrics.pipelineFinished(PipelineOutcome.FAILED.name(), Duration.between(spec.queuedAt(),
                java.time.Instant.now()));
    }

    /** The gates with configured secrets masked in their details. */
    private List<GateResult> masked(List<GateResult> gates) {
        return gates.stream().map(g -> new GateResult(g.gate(), g.passed(), g.figure(), g.threshold(), g.unit(),
                settings.mask().mask(g.detail()))).toList();
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
