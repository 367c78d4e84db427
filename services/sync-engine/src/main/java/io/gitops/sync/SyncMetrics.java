package io.gitops.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sync engine's metrics. Micrometer names here; Prometheus shows them as {@code gitops_sync_*} with
 * {@code _total} / {@code _seconds} suffixes, e.g. {@code gitops_sync_syncs_total}.
 */
public final class SyncMetrics {

    public static final String SYNCS = "gitops.sync.syncs";
    public static final String SYNC_DURATION = "gitops.sync.duration";
    public static final String RENDER_DURATION = "gitops.sync.render.duration";
    public static final String OBJECTS_APPLIED = "gitops.sync.objects.applied";
    public static final String OBJECTS_PRUNED = "gitops.sync.objects.pruned";
    public static final String DRIFT_DETECTED = "gitops.sync.drift.detected";
    public static final String DRIFT_HEALED = "gitops.sync.drift.healed";
    public static final String ROLLBACKS = "gitops.sync.rollbacks";
    public static final String ROLLBACK_REACTION = "gitops.sync.rollback.reaction";
    public static final String FETCH_FAILURES = "gitops.sync.fetch.failures";
    public static final String OWNED_PARTITIONS = "gitops.sync.owned.partitions";

    /** The {@code outcome} values of {@link #ROLLBACKS}. */
    public static final java.util.List<String> ROLLBACK_OUTCOMES = java.util.List.of("rolled_back", "failed",
            "no_healthy_revision", "stale", "restore_failed");

    /** How one (app, env) sync ended, as the {@code outcome} tag. */
    public enum Result {
        APPLIED, UNCHANGED, FAILED, SKIPPED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Result result : Result.values()) {
            syncCounter(result, "none");
        }
        // The GitopsSyncForbidden alert's series exists (at zero) before the first 403 (label values are lower case).
        syncCounter(Result.FAILED, io.gitops.events.data.SyncFailureReason.FORBIDDEN.name());
        counter(OBJECTS_APPLIED, "Objects applied with server-side apply");
        counter(OBJECTS_PRUNED, "Objects deleted because they left Git (prune)");
        counter(DRIFT_DETECTED, "Managed objects found changed by someone else");
        counter(DRIFT_HEALED, "Drifted objects re-applied from the recorded revision (selfHeal)");
        counter(FETCH_FAILURES, "Config repository fetches that failed");
        // Every rollback outcome exists (at zero) from the start: the rollback alert and panels have series before
        // the first failed rollout.
        for (String outcome : ROLLBACK_OUTCOMES) {
            rollbackCounter(outcome);
        }
    }

    public void ownedPartitions(Supplier<Number> owned) {
        Gauge.builder(OWNED_PARTITIONS, owned).description("Partitions (and so app/envs) this instance owns")
                .register(registry);
    }

    public void sync(Result result, String reason, long nanos) {
        syncCounter(result, reason).increment();
        timer(SYNC_DURATION, "Sync of one app/env, fetch excluded", "outcome", result.tag())
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void render(long nanos) {
        timer(RENDER_DURATION, "helm template of one app/env", null, null).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void applied(int objects) {
        counters.get(OBJECTS_APPLIED).increment(objects);
    }

    public void pruned(int objects) {
        counters.get(OBJECTS_PRUNED).increment(objects);
    }

    public void driftDetected(int objects) {
        counters.get(DRIFT_DETECTED).increment(objects);
    }

    public void driftHealed(int objects) {
        counters.get(DRIFT_HEALED).increment(objects);
    }

    public void fetchFailed() {
        counters.get(FETCH_FAILURES).increment();
    }

    public void rollback(String outcome, long reactionNanos) {
        rollbackCounter(outcome).increment();
        if (reactionNanos >= 0) {
            timer(ROLLBACK_REACTION, "From receiving a failed verdict to the re-apply done", null, null)
                    .record(reactionNanos, TimeUnit.NANOSECONDS);
        }
    }

    private Counter rollbackCounter(String outcome) {
        return counters.computeIfAbsent(ROLLBACKS + "|" + outcome, k -> Counter.builder(ROLLBACKS)
                .description("Failed-rollout verdicts handled, by outcome").tag("outcome", outcome)
                .register(registry));
    }

    private Counter syncCounter(Result result, String reason) {
        String r = reason == null ? "none" : reason.toLowerCase(Locale.ROOT);
        return counters.computeIfAbsent(SYNCS + "|" + result.tag() + "|" + r, k -> Counter.builder(SYNCS)
                .description("Syncs of one app/env by outcome (and failure reason)")
                .tag("outcome", result.tag()).tag("reason", r).register(registry));
    }

    private void counter(String name, String description) {
        counters.computeIfAbsent(name, n -> Counter.builder(n).description(description).register(registry));
    }

    private Timer timer(String name, String description, String tag, String value) {
        return timers.computeIfAbsent(name + "|" + value, k -> {
            Timer.Builder builder = Timer.builder(name).description(description).publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofMinutes(2));
            if (tag != null) {
                builder.tag(tag, value);
            }
            return builder.register(registry);
        });
    }
}
