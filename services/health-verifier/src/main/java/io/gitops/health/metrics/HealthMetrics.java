package io.gitops.health.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.gitops.health.model.AppEnv;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The health verifier's metrics. Names are Micrometer names; Prometheus shows them with {@code gitops_} prefix and
 * {@code _total}/{@code _seconds} suffixes, e.g. {@code gitops_health_deployments_total}. Per (app, env) where the
 * DORA measures need it; the number of apps bounds the label values.
 */
public final class HealthMetrics {

    /** DORA deployment frequency: applied changes judged healthy (rate over a window). Tags: app, env. */
    public static final String DEPLOYMENTS = "gitops.health.deployments";
    /** DORA lead time for changes: source commit time → healthy. Tags: app, env. */
    public static final String LEAD_TIME = "gitops.health.lead.time";
    /** DORA change failures: applied changes judged failed. Tags: app, env. */
    public static final String CHANGE_FAILURES = "gitops.health.change.failures";
    /** DORA change failure rate: change failures / (change failures + deployments) since start. Tags: app, env. */
    public static final String CHANGE_FAILURE_RATIO = "gitops.health.change.failure.ratio";
    /** DORA time to restore: first failed verdict → next healthy verdict of the (app, env). Tags: app, env. */
    public static final String TIME_TO_RESTORE = "gitops.health.time.to.restore";
    /** Verdicts. Tags: app, env, status (healthy, failed), reason (none or a RolloutFailureReason), cause. */
    public static final String VERDICTS = "gitops.health.verdicts";
    /** Sync → verdict. Tags: app, env, status. */
    public static final String ROLLOUT_DURATION = "gitops.health.rollout.duration";
    /** Rollouts being watched now. */
    public static final String WATCHES_ACTIVE = "gitops.health.watches.active";
    /** Watches cancelled because a newer revision of the same (app, env) arrived. Tags: app, env. */
    public static final String WATCHES_SUPERSEDED = "gitops.health.watches.superseded";
    /** Halts of failed rollouts. Tags: outcome (halted, incomplete, nothing). */
    public static final String HALTS = "gitops.health.halts";
    /** The observation that decided a verdict reached the watch → the verdict acknowledged by the broker. Tags: status. */
    public static final String DETECTION_LATENCY = "gitops.health.detection.latency";
    /** Verdicts the broker did not acknowledge within the publish retries (then held and published again). */
    public static final String PUBLISH_FAILURES = "gitops.health.publish.failures";
    /** Verdicts kept because the broker did not acknowledge them yet, published again until it does. */
    public static final String VERDICTS_UNPUBLISHED = "gitops.health.verdicts.unpublished";
    /** Restored (last healthy) revisions that failed their rollout: left halted, for a person. Tags: app, env. */
    public static final String RESTORE_FAILURES = "gitops.health.restore.failures";
    /**
     * sync.v1 records the verifier acted on, by outcome (watched, ignored). Duplicates and dead letters are the
     * service kit's {@code gitops.consumer.duplicates} and {@code gitops.consumer.dead.letters}.
     */
    public static final String SYNC_RECORDS = "gitops.health.sync.records";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Object> meters = new ConcurrentHashMap<>();
    private final ConcurrentMap<AppEnv, AtomicLong[]> changeCounts = new ConcurrentHashMap<>();

    /** The {@code outcome} values of {@link #SYNC_RECORDS}. */
    public static final java.util.List<String> SYNC_RECORD_OUTCOMES = java.util.List.of("watched", "ignored");
    /** The {@code outcome} values of {@link #HALTS}. */
    public static final java.util.List<String> HALT_OUTCOMES = java.util.List.of("halted", "incomplete", "nothing");

    public HealthMetrics(MeterRegistry registry) {
        this.registry = registry;
        // The meters without app/env tags exist (at zero) from the start, so that their panels and alerts have
        // series before the first event of each kind.
        SYNC_RECORD_OUTCOMES.forEach(outcome -> simpleCounter(SYNC_RECORDS, "sync.v1 records by outcome", "outcome", outcome));
        HALT_OUTCOMES.forEach(outcome -> simpleCounter(HALTS, "Halts of failed rollouts", "outcome", outcome));
        simpleCounter(PUBLISH_FAILURES, "Verdicts not acknowledged by the broker after retries", null, null);
    }

    /** Registers the gauge of active watches. */
    public void watchesActive(Supplier<Number> active) {
        Gauge.builder(WATCHES_ACTIVE, active).description("Rollouts being watched now").register(registry);
    }

    /** Registers the gauge of verdicts waiting for the broker's acknowledgement. */
    public void verdictsUnpublished(Supplier<Number> held) {
        Gauge.builder(VERDICTS_UNPUBLISHED, held).description("Verdicts not acknowledged yet, published again until they are")
                .register(registry);
    }

    public void restoreFailure(AppEnv appEnv) {
        counter(RESTORE_FAILURES, "Restored last healthy revisions that failed their rollout", appEnv).increment();
    }

    public void deployment(AppEnv appEnv, Duration leadTime) {
        counter(DEPLOYMENTS, "Applied changes judged healthy (DORA deployment frequency)", appEnv).increment();
        changeCounts(appEnv)[0].incrementAndGet();
        if (leadTime != null) {
            timer(LEAD_TIME, "Source commit time to healthy (DORA lead time for changes)", appEnv)
                    .record(leadTime.isNegative() ? Duration.ZERO : leadTime);
        }
    }

    public void changeFailure(AppEnv appEnv) {
        counter(CHANGE_FAILURES, "Applied changes judged failed (DORA change failures)", appEnv).increment();
        changeCounts(appEnv)[1].incrementAndGet();
    }

    public void restored(AppEnv appEnv, Duration timeToRestore) {
        timer(TIME_TO_RESTORE, "First failed verdict to the next healthy one (DORA time to restore)", appEnv)
                .record(timeToRestore.isNegative() ? Duration.ZERO : timeToRestore);
    }

    public void verdict(AppEnv appEnv, String status, String reason, String cause, Duration rollout) {
        // The restore-failure series of an app/env exists (at zero) from its first verdict on: a counter born at 1
        // would show no increase(), and GitopsRestoreFailed would miss the first restore that fails.
        counter(RESTORE_FAILURES, "Restored last healthy revisions that failed their rollout", appEnv);
        String key = VERDICTS + "|" + appEnv.key() + "|" + status + "|" + reason + "|" + cause;
        ((Counter) meters.computeIfAbsent(key, k -> Counter.builder(VERDICTS)
                .description("Rollout verdicts by status and reason")
                .tag("app", appEnv.app()).tag("env", appEnv.env()).tag("status", status).tag("reason", reason)
                .tag("cause", cause).register(registry))).increment();
        String durationKey = ROLLOUT_DURATION + "|" + appEnv.key() + "|" + status;
        ((Timer) meters.computeIfAbsent(durationKey, k -> Timer.builder(ROLLOUT_DURATION)
                .description("From the sync to the verdict")
                .tag("app", appEnv.app()).tag("env", appEnv.env()).tag("status", status)
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                .register(registry))).record(rollout.isNegative() ? Duration.ZERO : rollout);
    }

    public void superseded(AppEnv appEnv) {
        counter(WATCHES_SUPERSEDED, "Watches cancelled by a newer revision", appEnv).increment();
    }

    public void halt(String outcome) {
        simpleCounter(HALTS, "Halts of failed rollouts", "outcome", outcome).increment();
    }

    public void detection(String status, long nanos) {
        ((Timer) meters.computeIfAbsent(DETECTION_LATENCY + "|" + status, k -> Timer.builder(DETECTION_LATENCY)
                .description("Deciding observation to verdict acknowledged by the broker")
                .tag("status", status).publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry))).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    public void publishFailure() {
        simpleCounter(PUBLISH_FAILURES, "Verdicts not acknowledged by the broker after retries", null, null)
                .increment();
    }

    public void syncRecord(String outcome) {
        simpleCounter(SYNC_RECORDS, "sync.v1 records by outcome", "outcome", outcome).increment();
    }

    private AtomicLong[] changeCounts(AppEnv appEnv) {
        return changeCounts.computeIfAbsent(appEnv, key -> {
            AtomicLong[] counts = {new AtomicLong(), new AtomicLong()};
            Gauge.builder(CHANGE_FAILURE_RATIO, counts, c -> {
                long total = c[0].get() + c[1].get();
                return total == 0 ? Double.NaN : (double) c[1].get() / total;
            }).description("Change failures / (change failures + deployments) since start (DORA change failure rate)")
                    .tag("app", key.app()).tag("env", key.env()).register(registry);
            return counts;
        });
    }

    private Counter counter(String name, String description, AppEnv appEnv) {
        return (Counter) meters.computeIfAbsent(name + "|" + appEnv.key(), k -> Counter.builder(name)
                .description(description).tag("app", appEnv.app()).tag("env", appEnv.env()).register(registry));
    }

    private Timer timer(String name, String description, AppEnv appEnv) {
        return (Timer) meters.computeIfAbsent(name + "|" + appEnv.key(), k -> Timer.builder(name)
                .description(description).tag("app", appEnv.app()).tag("env", appEnv.env())
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofDays(30)).register(registry));
    }

    private Counter simpleCounter(String name, String description, String tag, String value) {
        return (Counter) meters.computeIfAbsent(name + "|" + value, k -> {
            Counter.Builder builder = Counter.builder(name).description(description);
            if (tag != null) {
                builder.tag(tag, value.toLowerCase(Locale.ROOT));
            }
            return builder.register(registry);
        });
    }
}
