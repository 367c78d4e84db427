package io.gitops.build.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.gitops.build.BuildMetrics;
import io.gitops.build.BuildMetrics.TriggerDecision;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.trigger.BrokenApps;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.build.trigger.Trigger;
import io.gitops.build.trigger.TriggerFilter;
import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.events.Event;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.PipelineTrigger;
import io.gitops.events.data.WebhookReceived;
import io.gitops.kit.Outcome;
import io.gitops.kit.PublishException;
import org.jboss.logging.Logger;

/**
 * Turns webhook events into queued pipelines: refreshes the config clone on a push to the config repository, asks
 * the {@link TriggerFilter}, publishes {@code PipelineQueued} (and {@code SUPERSEDED} for the older ones still
 * waiting) before handing the pipeline to the scheduler. On start it resumes every pipeline the topic says did not
 * finish. Handling the same webhook twice is harmless: the second time the commit is already built or scheduled.
 * The reconciler starts pipelines here too ({@link #reconcile}): a start re-checks the ledger under one lock, so a
 * head that a webhook and the reconciler both announce is built once.
 */
public final class PipelineStarter {

    private static final Logger LOG = Logger.getLogger(PipelineStarter.class);

    private final ConfigRepoMirror config;
    private final PipelineLedger ledger;
    private final PipelineScheduler scheduler;
    private final PipelineEvents events;
    private final PipelineEventSink sink;
    private final BuildMetrics metrics;
    private final String urlTemplate;
    private final Clock clock;
    private final ActionsReports actionsReports;

    public PipelineStarter(ConfigRepoMirror config, PipelineLedger ledger, PipelineScheduler scheduler,
                           PipelineEvents events, PipelineEventSink sink, BuildMetrics metrics, String urlTemplate,
                           Clock clock, ActionsReports actionsReports) {
        this.actionsReports = actionsReports;
        this.config = config;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.events = events;
        this.sink = sink;
        this.metrics = metrics;
        this.urlTemplate = urlTemplate;
        this.clock = clock;
    }

    /** Handles one webhook event; a transient failure when the broker did not take an event (retry the webhook). */
    public Outcome<List<Trigger>> handle(Event<?> event) {
        if (!(event.data() instanceof WebhookReceived webhook)) {
            metrics.trigger(TriggerDecision.NOT_A_PUSH);
            return Outcome.success(List.of());
        }
        if (actionsReports.record(webhook)) {
            metrics.trigger(TriggerDecision.ACTIONS_REPORT);
            return Outcome.success(List.of());
        }
        if ("push".equals(webhook.event()) && config.isConfigRepo(webhook.repository())) {
            Outcome<ConfigCatalog> refreshed = config.refresh();
            if (!(refreshed instanceof Outcome.Success<ConfigCatalog>)) {
                return Outcome.transientFailure(PipelineRunner.reason(refreshed), null);
            }
            metrics.trigger(TriggerDecision.CONFIG_REFRESHED);
        }
        ConfigCatalog catalog = config.catalog();
        List<Trigger> triggers = TriggerFilter.decide(webhook, catalog,
                webhook.repository() == null ? List.of() : BrokenApps.of(catalog, config.root(), webhook.repository()),
                ledger::exists);
        try {
            for (Trigger trigger : triggers) {
                if (trigger instanceof Trigger.Build build) {
                    if (start(build.app(), webhook, event)) {
                        metrics.trigger(TriggerDecision.STARTED);
                    } else {
                        metrics.trigger(TriggerDecision.ALREADY_BUILT);
                        resumeIfOrphaned(webhook);
                    }
                } else if (trigger instanceof Trigger.BrokenConfig broken) {
                    failBroken(broken, webhook, event);
                    metrics.trigger(TriggerDecision.BROKEN_APP_CONFIG);
                } else {
                    Trigger.Ignored ignored = (Trigger.Ignored) trigger;
                    if (!(config.isConfigRepo(webhook.repository())
                            && ignored.decision() == TriggerDecision.UNREGISTERED_REPO)) {
                        metrics.trigger(ignored.decision());
                    }
                    if (ignored.decision() == TriggerDecision.ALREADY_BUILT) {
                        resumeIfOrphaned(webhook);
                    }
                    LOG.debugf("webhook %s ignored: %s", event.id(), ignored.detail());
                }
            }
        } catch (PublishException e) {
            return Outcome.transientFailure(e.getMessage(), e);
        }
        return Outcome.success(triggers);
    }

    private boolean start(AppConfig app, WebhookReceived webhook, Event<?> cause) {
        String commit = webhook.push().after().toLowerCase(java.util.Locale.ROOT);
        return start(new PipelineSpec(PipelineIds.of(app.name(), commit), app, webhook.repository(),
                webhook.push().branch(), commit, webhook.push().headCommitTime(), cloneUrl(app, webhook.repository()),
                cause.id(), cause.deliveryId(), clock.instant()), PipelineTrigger.WEBHOOK);
    }

    /**
     * Starts the pipeline of a head of {@code app}'s tracked branch that the reconciler found on the Git host (no
     * webhook announced it: no causation, no delivery id, commit time unknown until checkout).
     *
     * @return false when (app, commit) already has a pipeline (built, queued or running)
     * @throws PublishException when the broker did not take {@code PipelineQueued} (nothing started; try again)
     */
    public boolean reconcile(AppConfig app, String commit) {
        String sha = commit.toLowerCase(java.util.Locale.ROOT);
        return start(new PipelineSpec(PipelineIds.of(app.name(), sha), app, app.source().repo(),
                app.source().branch(), sha, null, cloneUrl(app), null, null, clock.instant()),
                PipelineTrigger.RECONCILE);
    }

    /** Queues {@code spec} unless its (app, commit) already has a pipeline; one start at a time. */
    private synchronized boolean start(PipelineSpec spec, PipelineTrigger trigger) {
        AppConfig app = spec.app();
        String commit = spec.commit();
        if (ledger.exists(app.name(), commit)) {
            return false;
        }
        List<PipelineScheduler.Job> superseded = scheduler.supersede(app.name(), spec.branch());
        String supersedes = superseded.isEmpty() ? null : superseded.get(superseded.size() - 1).spec().pipelineId();
        try {
            sink.publish(events.queued(spec, app.pipeline().executor(), supersedes, trigger));
            for (PipelineScheduler.Job old : superseded) {
                sink.publish(events.finished(old.spec(), PipelineOutcome.SUPERSEDED, null, "superseded by "
                        + spec.pipelineId() + " (newer commit " + commit + " on " + spec.branch() + ")", null));
                metrics.pipelineFinished(PipelineOutcome.SUPERSEDED.name(), java.time.Duration.ZERO);
            }
        } catch (PublishException e) {
            superseded.forEach(scheduler::enqueue);
            throw e;
        }
        LOG.infof("pipeline %s queued for %s at %s (%s)", spec.pipelineId(), app.name(), commit, trigger);
        scheduler.enqueue(new PipelineScheduler.Job(spec, ResumePoint.fromStart()));
        return true;
    }

    private void failBroken(Trigger.BrokenConfig broken, WebhookReceived webhook, Event<?> cause) {
        String commit = webhook.push().after().toLowerCase(java.util.Locale.ROOT);
        AppConfig placeholder = new AppConfig(broken.app(), new AppConfig.SourceConfig(webhook.repository(),
                webhook.push().branch(), null), new AppConfig.ImageConfig("", AppConfig.ImageConfig.DEFAULT_VALUES_KEY),
                io.gitops.config.PipelineConfig.defaults(broken.app()), null, List.of(), null, null);
        PipelineSpec spec = new PipelineSpec(PipelineIds.of(broken.app(), commit), placeholder, webhook.repository(),
                webhook.push().branch(), commit, webhook.push().headCommitTime(), null, cause.id(),
                cause.deliveryId(), clock.instant());
        sink.publish(events.queued(spec, placeholder.pipeline().executor(), null));
        sink.publish(events.finished(spec, PipelineOutcome.FAILED, "config",
                "apps/" + broken.app() + "/app.yaml is not usable: " + broken.reason(), null));
        metrics.pipelineFinished(PipelineOutcome.FAILED.name(), java.time.Duration.ZERO);
        LOG.warnf("pipeline %s failed: app.yaml of %s is not usable: %s", spec.pipelineId(), broken.app(),
                broken.reason());
    }

    /** A redelivered webhook whose pipeline was queued but never handed to the scheduler (a failure in between). */
    private void resumeIfOrphaned(WebhookReceived webhook) {
        String commit = webhook.push().after().toLowerCase(java.util.Locale.ROOT);
        for (AppConfig app : config.catalog().appsForSourceRepo(webhook.repository())) {
            ledger.get(PipelineIds.of(app.name(), commit)).filter(s -> !s.isFinished())
                    .filter(s -> !scheduler.knows(s.pipelineId())).ifPresent(this::resume);
        }
    }

    /** Resumes every unfinished pipeline of the ledger (on start). Returns how many. */
    public int recover() {
        List<PipelineState> unfinished = ledger.unfinished();
        for (PipelineState state : unfinished) {
            resume(state);
        }
        return unfinished.size();
    }

    private void resume(PipelineState state) {
        PipelineQueued queued = state.queued();
        Optional<AppConfig> app = config.catalog().app(queued.app());
        if (app.isEmpty()) {
            AppConfig placeholder = new AppConfig(queued.app(), new AppConfig.SourceConfig(queued.sourceRepo(),
                    queued.branch(), null), new AppConfig.ImageConfig("", AppConfig.ImageConfig.DEFAULT_VALUES_KEY),
                    io.gitops.config.PipelineConfig.defaults(queued.app()), null, List.of(), null, null);
            PipelineSpec spec = spec(state, placeholder);
            sink.publish(events.finished(spec, PipelineOutcome.FAILED, "config", "application " + queued.app()
                    + " is no longer a valid application of the config repository", null));
            return;
        }
        PipelineSpec spec = spec(state, app.get());
        ResumePoint resume = state.resumePoint();
        LOG.infof("resuming pipeline %s at %s (attempt %d)", spec.pipelineId(), resume.allStagesDone() ? "artifact"
                : io.gitops.config.PipelineConfig.STAGE_ORDER.get(resume.stageIndex()), resume.attempt());
        scheduler.enqueue(new PipelineScheduler.Job(spec, resume));
    }

    private PipelineSpec spec(PipelineState state, AppConfig app) {
        PipelineQueued queued = state.queued();
        return new PipelineSpec(queued.pipelineId(), app, queued.sourceRepo(), queued.branch(), queued.commit(),
                queued.commitTime(), cloneUrl(app, queued.sourceRepo()), state.causeEventId(), state.deliveryId(),
                queued.queuedAt());
    }

    /** Where {@code app}'s source is cloned from: {@code source.url}, else the URL template with its repository. */
    public String cloneUrl(AppConfig app) {
        return cloneUrl(app, app.source().repo());
    }

    private String cloneUrl(AppConfig app, String repository) {
        if (app.source().url() != null && !app.source().url().isBlank()) {
            return app.source().url();
        }
        return urlTemplate.replace("{repo}", repository);
    }
}
