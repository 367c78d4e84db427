package io.gitops.bumper;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.gitops.bumper.artifacts.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The config-bumper's metrics. Micrometer names here; Prometheus shows them with the {@code gitops_bumper_} prefix and
 * {@code _total} / {@code _seconds} suffixes, e.g. {@code gitops_bumper_bumps_total}. Dead letters, duplicates and
 * retries of consumed records are the kit's shared {@link io.gitops.kit.consume.ConsumerMetrics}
 * ({@code gitops_consumer_*}); only the bumper's domain facts are here.
 */
public final class BumperMetrics {

    /** Environments handled, by cause (bump, revert) and outcome. */
    public static final String BUMPS = "gitops.bumper.bumps";
    /** Commit + push time of a push that succeeded, retries included, by target (branch, pull_request). */
    public static final String PUSH_DURATION = "gitops.bumper.push.duration";
    /** Pushes retried after someone else moved the branch first. */
    public static final String PUSH_RETRIES = "gitops.bumper.push.retries";
    /** Bumps folded into a newer bump of the same app/env within one coalescing window. */
    public static final String COALESCED = "gitops.bumper.coalesced";
    /** Pull requests opened (an update of an open one is not counted). */
    public static final String PULL_REQUESTS_OPENED = "gitops.bumper.pull.requests.opened";
    /** config.changed events published late by crash recovery. */
    public static final String ANNOUNCEMENTS_HEALED = "gitops.bumper.announcements.healed";
    /** Intents per processed batch. */
    public static final String BATCH_SIZE = "gitops.bumper.batch.size";
    /** {@code artifact.published} events refused (dead-lettered, nothing committed), by reason. */
    public static final String ARTIFACTS_REFUSED = "gitops.bumper.artifacts.refused";

    /** How one environment of an intent ended. */
    public enum Outcome {
        CHANGED, PULL_REQUEST, UNCHANGED, SUPERSEDED, REFUSED, FAILED_PERMANENT, FAILED_TRANSIENT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> bumps = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> pushes = new ConcurrentHashMap<>();
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Counter retries;
    private final Counter coalesced;
    private final Counter pullRequestsOpened;
    private final Counter healed;
    private final DistributionSummary batchSize;

    public BumperMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = Counter.builder(PUSH_RETRIES)
                .description("Pushes retried after a non-fast-forward or lost ref lock (fetch, re-apply, retry)")
                .register(registry);
        this.coalesced = Counter.builder(COALESCED)
                .description("Bumps folded into a newer bump of the same app/env in one batch")
                .register(registry);
        this.pullRequestsOpened = Counter.builder(PULL_REQUESTS_OPENED)
                .description("Pull requests opened for pull-request promotion").register(registry);
        this.healed = Counter.builder(ANNOUNCEMENTS_HEALED)
                .description("config.changed events published by crash recovery").register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE).description("Intents per processed batch")
                .register(registry);
        for (String cause : new String[] {"bump", "revert"}) {
            for (Outcome outcome : Outcome.values()) {
                bumpCounter(cause, outcome);
            }
        }
        pushTimer("branch");
        pushTimer("pull_request");
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder(ARTIFACTS_REFUSED)
                    .description("artifact.published events refused by the config-bumper's checks, by reason")
                    .tag("reason", refusal.tag()).register(registry));
        }
    }

    /** One artifact refused for {@code refusal}. */
    public void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    public void bump(String cause, Outcome outcome) {
        bumpCounter(cause, outcome).increment();
    }

    public void pushed(String target, long nanos) {
        pushTimer(target).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void retry() {
        retries.increment();
    }

    public void coalesced(int count) {
        coalesced.increment(count);
    }

    public void pullRequestOpened() {
        pullRequestsOpened.increment();
    }

    public void healed() {
        healed.increment();
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    private Counter bumpCounter(String cause, Outcome outcome) {
        return bumps.computeIfAbsent(cause + "|" + outcome.tag(), k -> Counter.builder(BUMPS)
                .description("Environments handled by the config-bumper, by cause and outcome")
                .tag("cause", cause).tag("outcome", outcome.tag()).register(registry));
    }

    private Timer pushTimer(String target) {
        return pushes.computeIfAbsent(target, t -> Timer.builder(PUSH_DURATION)
                .description("Commit and push time of a successful push, conflict retries included")
                .tag("target", t)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }
}
