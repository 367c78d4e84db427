package io.gitops.build;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.WebhookReplay;
import io.gitops.build.pipeline.PipelineEventSink;
import io.gitops.build.pipeline.PipelineEvents;
import io.gitops.build.pipeline.PipelineHistoryLoader;
import io.gitops.build.pipeline.PipelineLedger;
import io.gitops.build.pipeline.PipelineRunner;
import io.gitops.build.pipeline.PipelineScheduler;
import io.gitops.build.pipeline.PipelineStarter;
import io.gitops.build.reconcile.SourceReconciler;
import io.gitops.build.report.CoverageReports;
import io.gitops.build.report.JUnitReports;
import io.gitops.build.settings.BuildSettings;
import io.gitops.build.stage.BuildStage;
import io.gitops.build.stage.LintStage;
import io.gitops.build.stage.PushStage;
import io.gitops.build.stage.SastStage;
import io.gitops.build.stage.StageRegistry;
import io.gitops.build.stage.TestStage;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Retry;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import org.jboss.logging.Logger;

/**
 * The build-orchestrator's parts, assembled and started in order: the lifecycle (topics, publisher), pipeline history
 * read back from {@code pipeline.v1} into the ledger, config repository clone, recovery of unfinished pipelines,
 * periodic config refresh, then the start-up gate. Quarkus wiring ({@link BuildRuntime}) and the plain integration tests use the same assembly.
 */
public final class BuildOrchestrator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BuildOrchestrator.class);

    private final BuildSettings settings;
    private final BuildParts parts;
    private final ServiceLifecycle lifecycle;
    private final BuildMetrics metrics;
    private final PipelineLedger ledger = new PipelineLedger();
    private volatile boolean historyLoaded;
    private PipelineScheduler scheduler;
    private PipelineRunner runner;
    private PipelineStarter starter;
    private ScheduledExecutorService refresher;
    private SourceReconciler reconciler;

    public BuildOrchestrator(BuildSettings settings, BuildParts parts, ServiceLifecycle lifecycle,
                             BuildMetrics metrics) {
        this.settings = settings;
        this.parts = parts;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    /**
     * Starts the lifecycle (topics, publisher), reads the pipeline history back, clones the config repository,
     * resumes unfinished pipelines and opens the start-up gate once both the history and the config catalog are
     * loaded (a config repository that cannot be read yet opens it at the first refresh that succeeds).
     */
    public void start() {
        lifecycle.start();
        EventPublisher publisher = lifecycle.publisher();
        ServiceSettings service = lifecycle.settings();
        PipelineEventSink sink = new PipelineEventSink(publisher, ledger);
        PipelineEvents events = new PipelineEvents(parts.clock());
        Map<String, StageExecutor> executors = new HashMap<>();
        parts.executors().forEach(e -> executors.put(e.name(), e));
        PipelineScheduler[] holder = new PipelineScheduler[1];
        runner = new PipelineRunner(stages(service), executors, parts.checkout(), parts.registries(), events, sink,
                metrics, new PipelineRunner.Settings(settings.workDir(), service.retry(), parts.sleeper(),
                settings.republishDelay(), parts.mask()),
                job -> holder[0].enqueueLater(job, settings.republishDelay().toMillis()));
        scheduler = new PipelineScheduler(settings.limits().maxParallel(), runner::run);
        holder[0] = scheduler;
        ConfigRepoMirror config = parts.configRepo();
        metrics.bindScheduler(scheduler::queued, scheduler::running);
        metrics.bindConfigProblems(() -> config.catalog().invalid().size());
        starter = new PipelineStarter(config, ledger, scheduler, events, sink, metrics,
                settings.repositories().urlTemplate(), parts.clock(), parts.actionsReports());
        long started = System.nanoTime();
        int records = PipelineHistoryLoader.load(lifecycle.kafka(), ledger, service.startupTimeout());
        int reports = WebhookReplay.load(lifecycle.kafka(), parts.clock().instant()
                .minus(settings.executors().actionsReportWindow()), parts.actionsReports(), service.startupTimeout());
        historyLoaded = true;
        config.refresh();
        int resumed = starter.recover();
        LOG.infof("build-orchestrator started in %d ms: %d pipeline records read back, %d pipelines known, %d resumed, "
                        + "%d GitHub Actions reports, %d applications", (System.nanoTime() - started) / 1_000_000,
                records, ledger.size(), resumed, reports, config.catalog().apps().size());
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "config-repo-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.repositories().configRefreshInterval().toMillis());
        refresher.scheduleWithFixedDelay(() -> {
            config.refresh();
            openGateWhenLoaded();
        }, period, period, TimeUnit.MILLISECONDS);
        openGateWhenLoaded();
        reconciler = new SourceReconciler(config::catalog, starter::cloneUrl, SourceReconciler.BranchHeads.lsRemote(
                settings.repositories().credentials(), settings.repositories().timeout()), ledger, starter::reconcile,
                metrics, settings.reconcileInterval(), lifecycle::isReady, settings.redelivery()
                .map(r -> io.gitops.build.reconcile.FailedDeliveries.passes(r, parts.clock())).orElse(() -> { }));
        reconciler.start();
    }

    /**
     * {@code lint → test → sast → build → push}, each registered with its metadata: the cap on its timeout and its
     * retry policy for transient failures (registry, API, network).
     */
    private StageRegistry stages(ServiceSettings service) {
        long maxReportBytes = settings.limits().maxReportBytes();
        Duration maxTimeout = settings.limits().maxStageTimeout();
        Retry retry = service.retry();
        return StageRegistry.builder()
                .register(new LintStage(), maxTimeout, retry)
                .register(new TestStage(new JUnitReports(maxReportBytes), new CoverageReports(maxReportBytes)),
                        maxTimeout, retry)
                .register(new SastStage(parts.sonar(), settings.sonar()), maxTimeout, retry)
                .register(new BuildStage(parts.imageBuilder(), settings.image().buildArgs()), maxTimeout, retry)
                .register(new PushStage(parts.imageBuilder(), parts.registries(), settings.image().buildArgs()),
                        maxTimeout, retry)
                .build();
    }

    /** The start-up gate opens once the history is read back and the config catalog was read. */
    private void openGateWhenLoaded() {
        if (historyLoaded && configLoaded() && !lifecycle.isReady()) {
            lifecycle.ready();
        }
    }

    /** Whether {@code pipeline.v1} was read back into the ledger. */
    public boolean historyLoaded() {
        return historyLoaded;
    }

    public boolean configLoaded() {
        return parts.configRepo().loaded();
    }

    public PipelineStarter starter() {
        return starter;
    }

    /** The reconciler of tracked branch heads (its rounds run on their own thread; tests may run one). */
    public SourceReconciler reconciler() {
        return reconciler;
    }

    public PipelineLedger ledger() {
        return ledger;
    }

    public PipelineScheduler scheduler() {
        return scheduler;
    }

    public BuildMetrics metrics() {
        return metrics;
    }

    public ServiceLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Stops: running pipelines are abandoned where they are (their processes killed, nothing more published) and
     * resume from their unfinished stage on the next start; then the parts and the lifecycle (publisher) close.
     */
    @Override
    public void close() {
        if (reconciler != null) {
            reconciler.close();
        }
        if (runner != null) {
            runner.stop();
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
        parts.executors().forEach(StageExecutor::close);
        if (scheduler != null) {
            scheduler.close();
        }
        parts.configRepo().close();
        for (AutoCloseable part : parts.closeables()) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warnf("closing %s failed: %s", part, e.getMessage());
            }
        }
        lifecycle.close();
    }
}
