package io.gitops.build;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.gitops.build.gate.Gates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The build-orchestrator's domain metrics. Micrometer names; Prometheus shows them as {@code gitops_build_*} with
 * {@code _total} / {@code _seconds} suffixes. Consumed records, duplicates, retries and dead letters are the shared
 * {@link io.gitops.kit.consume.ConsumerMetrics} ({@code gitops_consumer_*{service="build-orchestrator"}}).
 */
public class BuildMetrics {

    public static final String TRIGGERS = "gitops.build.triggers";
    public static final String PIPELINES = "gitops.build.pipelines";
    public static final String QUEUE_DEPTH = "gitops.build.queue.depth";
    public static final String RUNNING = "gitops.build.running";
    public static final String STAGE_DURATION = "gitops.build.stage.duration";
    public static final String PIPELINE_DURATION = "gitops.build.pipeline.duration";
    public static final String GATE_FAILURES = "gitops.build.gate.failures";
    public static final String CONFIG_PROBLEMS = "gitops.build.config.problems";

    /** Why a webhook started a pipeline or not (tag {@code decision}). */
    public enum TriggerDecision {
        STARTED, CONFIG_REFRESHED, BRANCH_DELETED, OTHER_BRANCH, UNREGISTERED_REPO, ALREADY_BUILT, BROKEN_APP_CONFIG,
        NOT_A_PUSH, ACTIONS_REPORT;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public BuildMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (TriggerDecision decision : TriggerDecision.values()) {
            trigger(decision, 0);
        }
        for (String gate : Gates.ALL) {
            counter(GATE_FAILURES, "gate", gate, "Gate failures by gate");
        }
        // Every outcome exists (at zero) from the start: the failure-ratio alert and panels have series before the
        // first failed pipeline.
        for (io.gitops.events.data.PipelineOutcome outcome : io.gitops.events.data.PipelineOutcome.values()) {
            counter(PIPELINES, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT), "Pipelines by outcome");
        }
    }

    /** Registers the queue-depth and running gauges; the suppliers are read at scrape time. */
    public void bindScheduler(Supplier<Number> queued, Supplier<Number> running) {
        Gauge.builder(QUEUE_DEPTH, queued).description("Pipelines queued, waiting for a slot").register(registry);
        Gauge.builder(RUNNING, running).description("Pipelines running").register(registry);
    }

    public void bindConfigProblems(Supplier<Number> problems) {
        Gauge.builder(CONFIG_PROBLEMS, problems).description("Invalid app.yaml files in the config repository")
                .register(registry);
    }

    public void trigger(TriggerDecision decision) {
        trigger(decision, 1);
    }

    private void trigger(TriggerDecision decision, int amount) {
        counter(TRIGGERS, "decision", decision.tag(), "Webhook deliveries by trigger decision").increment(amount);
    }

    public void pipelineFinished(String outcome, Duration duration) {
        counter(PIPELINES, "outcome", outcome.toLowerCase(java.util.Locale.ROOT), "Pipelines by outcome").increment();
        timer(PIPELINE_DURATION, "outcome", outcome.toLowerCase(java.util.Locale.ROOT), "Pipeline wall time")
                .record(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void stageFinished(String stage, String outcome, Duration duration) {
        timers.computeIfAbsent(STAGE_DURATION + "|" + stage + "|" + outcome, k -> Timer.builder(STAGE_DURATION)
                        .description("Stage wall time by stage and outcome")
                        .tag("stage", stage).tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
                        .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                        .register(registry))
                .record(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void gateFailed(String gate) {
        counter(GATE_FAILURES, "gate", gate, "Gate failures by gate").increment();
    }

    /** Branch heads the reconciler looked at, by what it made of them (tag {@code result}). */
    public static final String RECONCILE_HEADS = "gitops.build.reconcile.heads";

    /** What the reconciler made of one tracked branch head of one application. */
    public enum ReconcileResult {
        /** The head has a pipeline already (built, queued or running). */
        KNOWN,
        /** A head without a pipeline: started with trigger {@code RECONCILE}. */
        STARTED,
        /** The first head seen of an application without any pipeline in the history: taken as its baseline. */
        BASELINE,
        /** The tracked branch does not exist on the Git host. */
        NO_BRANCH,
        /** The Git host could not be asked, or the broker did not take the queued event (tried again next round). */
        FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Every result at zero, so that the series exist before the first round. */
    public void bindReconciler() {
        for (ReconcileResult result : ReconcileResult.values()) {
            reconcileCounter(result);
        }
    }

    public void reconciled(ReconcileResult result) {
        reconcileCounter(result).increment();
    }

    private Counter reconcileCounter(ReconcileResult result) {
        return counter(RECONCILE_HEADS, "result", result.tag(), "Tracked branch heads polled by the reconciler");
    }

    private Counter counter(String name, String tag, String value, String description) {
        return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).description(description)
                .tag(tag, value).register(registry));
    }

    private Timer timer(String name, String tag, String value, String description) {
        return timers.computeIfAbsent(name + "|" + value, k -> Timer.builder(name).description(description)
                .tag(tag, value).publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(2))
                .register(registry));
    }
}
