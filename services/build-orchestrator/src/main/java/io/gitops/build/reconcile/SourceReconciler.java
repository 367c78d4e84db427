package io.gitops.build.reconcile;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import io.gitops.build.BuildMetrics;
import io.gitops.build.BuildMetrics.ReconcileResult;
import io.gitops.build.pipeline.PipelineLedger;
import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.kit.LogContext;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

/**
 * Builds the pushes no webhook announced. Every {@code gitops.build.reconcile-interval} (±20 % jitter), on a thread
 * of its own (never the webhook consumer's), it asks the Git host for the head of every tracked source branch of the
 * catalog (one {@code git ls-remote} per repository and branch, through the kit's {@link GitClient} with the
 * orchestrator's app-repository credentials) and starts a pipeline with trigger {@code RECONCILE} for a head that
 * has none: not built, not queued, not running.
 *
 * <p>"Has a pipeline" is the {@link PipelineLedger}, the record that already keeps a redelivered webhook from
 * building twice, read back from {@code pipeline.v1} on start: so a restart does not rebuild old heads, and a head that
 * a webhook also delivers is built once (the starter re-checks the ledger under its lock). An application without
 * any pipeline in the history (newly registered, or its history expired) takes the first head seen as its baseline
 * and is built from the next head on: registering an app or starting a fresh stack does not build old commits.
 *
 * <p>A Git host that cannot be asked, or a broker that does not take the queued event, is logged and counted
 * ({@code result=failed}); the next round asks again, so nothing is lost.
 */
public final class SourceReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourceReconciler.class);

    /** Asks the Git host for a branch head. */
    @FunctionalInterface
    public interface BranchHeads {

        /**
         * @return the head's full SHA, empty when the branch does not exist
         * @throws RuntimeException (a {@link io.gitops.kit.git.GitException}) when the host cannot be asked
         */
        Optional<String> head(String cloneUrl, String branch);

        /** {@code git ls-remote} through the kit's {@link GitClient#remoteHead}, with these credentials. */
        static BranchHeads lsRemote(GitCredentials credentials, Duration timeout) {
            return (url, branch) -> GitClient.remoteHead(GitRepositorySettings.of(url, branch, Optional.of(url),
                    credentials, timeout, true)).map(ObjectId::name);
        }
    }

    /** Starts the pipeline of (app, commit) with trigger {@code RECONCILE}; false when it has one already. */
    @FunctionalInterface
    public interface Starter {
        boolean start(AppConfig app, String commit);
    }

    /** What one round made of the tracked heads, one count per application. */
    public record Round(int known, int started, int baseline, int noBranch, int failed) {
    }

    private final Supplier<ConfigCatalog> catalog;
    private final Function<AppConfig, String> cloneUrl;
    private final BranchHeads heads;
    private final PipelineLedger ledger;
    private final Starter starter;
    private final BuildMetrics metrics;
    private final Duration interval;
    private final BooleanSupplier ready;
    private final Runnable beforeRound;
    /** Application → the head taken as its baseline (apps without any pipeline in the history). */
    private final Map<String, String> baselines = new ConcurrentHashMap<>();
    /** One round at a time (a test's round and the scheduled one); {@link #close()} does not wait for it. */
    private final Object rounds = new Object();
    private ScheduledExecutorService executor;
    private volatile boolean closed;

    /**
     * @param cloneUrl where an app's source is cloned from (the starter's rule: {@code source.url} or the template)
     * @param interval between rounds; zero: {@link #start()} does nothing
     * @param ready    whether the service is ready (history read back, catalog loaded); rounds before are skipped
     */
    public SourceReconciler(Supplier<ConfigCatalog> catalog, Function<AppConfig, String> cloneUrl, BranchHeads heads,
                            PipelineLedger ledger, Starter starter, BuildMetrics metrics, Duration interval,
                            BooleanSupplier ready) {
        this(catalog, cloneUrl, heads, ledger, starter, metrics, interval, ready, () -> { });
    }

    /**
     * @param beforeRound run first in every scheduled round (the GitHub App's redelivery of failed deliveries); it
     *                    must not throw
     */
    public SourceReconciler(Supplier<ConfigCatalog> catalog, Function<AppConfig, String> cloneUrl, BranchHeads heads,
                            PipelineLedger ledger, Starter starter, BuildMetrics metrics, Duration interval,
                            BooleanSupplier ready, Runnable beforeRound) {
        this.beforeRound = beforeRound;
        this.catalog = catalog;
        this.cloneUrl = cloneUrl;
        this.heads = heads;
        this.ledger = ledger;
        this.starter = starter;
        this.metrics = metrics;
        this.interval = interval;
        this.ready = ready;
    }

    /** Schedules the rounds on the {@code source-reconciler} thread (the first within one interval). */
    public synchronized void start() {
        if (interval.isZero() || executor != null) {
            LOG.infof("source reconciler %s", interval.isZero() ? "off (gitops.build.reconcile-interval=0)"
                    : "already running");
            return;
        }
        metrics.bindReconciler();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "source-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        schedule(ThreadLocalRandom.current().nextLong(Math.max(1, millis / 10), millis + 1));
        LOG.infof("source reconciler polls the tracked branches every %s (±20 %%)", interval);
    }

    private void schedule(long delayMillis) {
        try {
            executor.schedule(this::scheduledRound, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void scheduledRound() {
        try {
            if (ready.getAsBoolean()) {
                beforeRound.run();
            }
            reconcile();
        } catch (RuntimeException e) {
            LOG.warnf("source reconcile round failed: %s", e.getMessage());
        } finally {
            if (!closed) {
                schedule(jittered(interval));
            }
        }
    }

    /** The interval ±20 %, at least 1 ms. */
    static long jittered(Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        long spread = millis / 5;
        return Math.max(1, millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    /** One round: every tracked branch asked once, every application's head decided. */
    public Round reconcile() {
        synchronized (rounds) {
            return round();
        }
    }

    private Round round() {
        if (!ready.getAsBoolean()) {
            return new Round(0, 0, 0, 0, 0);
        }
        Map<String, Answer> answers = new HashMap<>();
        int[] counts = new int[ReconcileResult.values().length];
        List<AppConfig> apps = catalog.get().apps().values().stream()
                .sorted(Comparator.comparing(AppConfig::name)).toList();
        for (AppConfig app : apps) {
            String url = cloneUrl.apply(app);
            String branch = app.source().branch();
            Answer answer = answers.computeIfAbsent(url + "\n" + branch, k -> ask(url, branch));
            ReconcileResult result = decide(app, answer);
            metrics.reconciled(result);
            counts[result.ordinal()]++;
        }
        baselines.keySet().retainAll(apps.stream().map(AppConfig::name).toList());
        return new Round(counts[ReconcileResult.KNOWN.ordinal()], counts[ReconcileResult.STARTED.ordinal()],
                counts[ReconcileResult.BASELINE.ordinal()], counts[ReconcileResult.NO_BRANCH.ordinal()],
                counts[ReconcileResult.FAILED.ordinal()]);
    }

    /** A branch head, or why it could not be read. */
    private record Answer(Optional<String> head, String failure) {
    }

    private Answer ask(String url, String branch) {
        try {
            return new Answer(heads.head(url, branch), null);
        } catch (RuntimeException e) {
            LOG.warnf("source reconcile: the head of %s (branch %s) could not be read, asked again next round: %s",
                    GitClient.displayUrl(url), branch, e.getMessage());
            return new Answer(Optional.empty(), e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
        }
    }

    private ReconcileResult decide(AppConfig app, Answer answer) {
        if (answer.failure() != null) {
            return ReconcileResult.FAILED;
        }
        if (answer.head().isEmpty()) {
            LOG.debugf("source reconcile: %s tracks %s, which does not exist in %s", app.name(),
                    app.source().branch(), app.source().repo());
            return ReconcileResult.NO_BRANCH;
        }
        String commit = answer.head().get();
        if (ledger.exists(app.name(), commit)) {
            return ReconcileResult.KNOWN;
        }
        String baseline = baselines.get(app.name());
        if (commit.equals(baseline)) {
            return ReconcileResult.BASELINE;
        }
        try (LogContext log = LogContext.empty().put(LogContext.APP, app.name()).put(LogContext.COMMIT, commit)) {
            if (baseline == null && !ledger.knowsApp(app.name())) {
                baselines.put(app.name(), commit);
                LOG.infof("source reconcile: %s has no pipeline in the history; its head %s on %s is its baseline, "
                        + "the next head is built", app.name(), commit, app.source().branch());
                return ReconcileResult.BASELINE;
            }
            return start(app, commit);
        }
    }

    private ReconcileResult start(AppConfig app, String commit) {
        try {
            if (!starter.start(app, commit)) {
                return ReconcileResult.KNOWN;
            }
            LOG.infof("source reconcile: %s at %s on %s had no pipeline (no webhook announced it): started",
                    app.name(), commit, app.source().branch());
            return ReconcileResult.STARTED;
        } catch (RuntimeException e) {
            LOG.warnf("source reconcile: the pipeline of %s at %s could not be queued, tried again next round: %s",
                    app.name(), commit, e.getMessage());
            return ReconcileResult.FAILED;
        }
    }

    /** Stops the rounds; a round under way is interrupted. */
    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
