package io.gitops.build;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.exec.actions.WebhookReplay;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.pipeline.PipelineEventSink;
import io.gitops.build.pipeline.PipelineEvents;
import io.gitops.build.pipeline.PipelineHistoryLoader;
import io.gitops.build.pipeline.PipelineLedger;
import io.gitops.build.pipeline.PipelineRunner;
import io.gitops.build.pipeline.PipelineScheduler;
import io.gitops.build.pipeline.PipelineStarter;
import io.gitops.build.registry.Registries;
import io.gitops.build.report.CoverageReports;
import io.gitops.build.report.JUnitReports;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.build.stage.BuildStage;
import io.gitops.build.stage.LintStage;
import io.gitops.build.stage.PushStage;
import io.gitops.build.stage.SastStage;
import io.gitops.build.stage.Stage;
import io.gitops.build.stage.TestStage;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.events.Topics;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Retry;
import io.gitops.kit.TopicAdmin;
import org.jboss.logging.Logger;

/**
 * The build-orchestrator's parts, assembled and started in order: topics, publisher, pipeline history read back
 * from {@code pipeline.v1} into the ledger, config repository clone, recovery of unfinished pipelines, periodic
 * config refresh. Quarkus wiring ({@link BuildRuntime}) and the plain integration tests use the same assembly.
 */
public final class BuildOrchestrator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BuildOrchestrator.class);

    /** Everything the orchestrator is made of that varies between production and tests. */
    public record Settings(String bootstrapServers, Path workDir, int maxParallel, ConfigRepoMirror config,
                           String gitUrlTemplate, GitCheckout checkout, List<StageExecutor> executors,
                           ImageBuilder imageBuilder, Registries registries, SonarQubeGate sonar,
                           List<String> sonarReportTaskPaths, java.util.Optional<String> sonarUrl,
                           java.util.Optional<String> sonarToken, Map<String, String> buildArgs,
                           long maxReportBytes, Duration maxStageTimeout, Retry transientRetry,
                           Retry.Sleeper sleeper, Duration ackTimeout, boolean createTopics, short replicationFactor,
                           Duration startupTimeout, Duration configRefreshInterval, Duration republishDelay,
                           Clock clock, ActionsReports actionsReports, Duration actionsReportWindow) {
    }

    private final Settings settings;
    private final BuildMetrics metrics;
    private final PipelineLedger ledger = new PipelineLedger();
    private final CountDownLatch ready = new CountDownLatch(1);
    private EventPublisher publisher;
    private PipelineScheduler scheduler;
    private PipelineRunner runner;
    private PipelineStarter starter;
    private ScheduledExecutorService refresher;

    public BuildOrchestrator(Settings settings, BuildMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public void start() {
        if (settings.createTopics()) {
            List<Topics.TopicSpec> topics = new ArrayList<>();
            for (String name : List.of(Topics.WEBHOOK_RECEIVED, Topics.PIPELINE, Topics.ARTIFACT_PUBLISHED)) {
                Topics.TopicSpec spec = Topics.spec(name).orElseThrow();
                topics.add(spec);
                if (name.equals(Topics.WEBHOOK_RECEIVED)) {
                    topics.add(spec.deadLetter());
                }
            }
            TopicAdmin.ensureTopics(settings.bootstrapServers(), topics, settings.replicationFactor(),
                    settings.startupTimeout());
        }
        publisher = EventPublisher.create(settings.bootstrapServers(), "build-orchestrator", settings.ackTimeout(),
                Map.of());
        PipelineEventSink sink = new PipelineEventSink(publisher, ledger);
        PipelineEvents events = new PipelineEvents(settings.clock());
        List<Stage> stages = List.of(new LintStage(),
                new TestStage(new JUnitReports(settings.maxReportBytes()), new CoverageReports(settings.maxReportBytes())),
                new SastStage(settings.sonar(), settings.sonarReportTaskPaths(), settings.sonarUrl(),
                        settings.sonarToken()),
                new BuildStage(settings.imageBuilder(), settings.buildArgs()),
                new PushStage(settings.imageBuilder(), settings.registries(), settings.buildArgs()));
        Map<String, StageExecutor> executors = new java.util.HashMap<>();
        settings.executors().forEach(e -> executors.put(e.name(), e));
        PipelineScheduler[] holder = new PipelineScheduler[1];
        runner = new PipelineRunner(stages, executors, settings.checkout(), settings.registries(), events, sink,
                metrics, new PipelineRunner.Settings(settings.workDir(), settings.maxStageTimeout(),
                settings.transientRetry(), settings.sleeper(), settings.republishDelay()),
                job -> holder[0].enqueueLater(job, settings.republishDelay().toMillis()));
        scheduler = new PipelineScheduler(settings.maxParallel(), runner::run);
        holder[0] = scheduler;
        metrics.bindScheduler(scheduler::queued, scheduler::running);
        metrics.bindConfigProblems(() -> settings.config().catalog().invalid().size());
        starter = new PipelineStarter(settings.config(), ledger, scheduler, events, sink, metrics,
                settings.gitUrlTemplate(), settings.clock(), settings.actionsReports());
        long started = System.nanoTime();
        int records = PipelineHistoryLoader.load(settings.bootstrapServers(), ledger, settings.startupTimeout());
        int reports = WebhookReplay.load(settings.bootstrapServers(), settings.clock().instant()
                .minus(settings.actionsReportWindow()), settings.actionsReports(), settings.startupTimeout());
        settings.config().refresh();
        int resumed = starter.recover();
        LOG.infof("build-orchestrator started in %d ms: %d pipeline records read back, %d pipelines known, %d resumed, "
                        + "%d GitHub Actions reports, %d applications", (System.nanoTime() - started) / 1_000_000,
                records, ledger.size(), resumed, reports, settings.config().catalog().apps().size());
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "config-repo-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.configRefreshInterval().toMillis());
        refresher.scheduleWithFixedDelay(() -> settings.config().refresh(), period, period, TimeUnit.MILLISECONDS);
        ready.countDown();
    }

    /** Blocks until {@link #start()} finished (or the bound passed). */
    public boolean awaitReady(Duration timeout) {
        try {
            return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean started() {
        return ready.getCount() == 0;
    }

    public boolean configLoaded() {
        return settings.config().loaded();
    }

    public PipelineStarter starter() {
        return starter;
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

    public EventPublisher publisher() {
        return publisher;
    }

    /**
     * Stops: running pipelines are abandoned where they are (their processes killed, nothing more published) and
     * resume from their unfinished stage on the next start.
     */
    @Override
    public void close() {
        if (runner != null) {
            runner.stop();
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
        settings.executors().forEach(StageExecutor::close);
        if (scheduler != null) {
            scheduler.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
