package io.gitops.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigProblem;
import io.gitops.events.Event;
import io.gitops.events.Sources;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.events.data.WebhookReceived;
import io.gitops.kit.PermanentException;
import io.gitops.kit.PublishException;
import io.gitops.sync.apply.Applier;
import io.gitops.sync.apply.Pruner;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.drift.DriftComparator;
import io.gitops.sync.drift.DriftWatcher;
import io.gitops.sync.drift.LiveChange;
import io.gitops.sync.engine.AppStates;
import io.gitops.sync.engine.RollbackOutcome;
import io.gitops.sync.engine.SyncEventSink;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.git.ConfigRepo;
import io.gitops.sync.git.ConfigSnapshot;
import io.gitops.sync.git.FetchException;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.HistoryStore;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.render.ChartRenderer;
import io.gitops.sync.shard.Ownership;
import org.jboss.logging.Logger;

/**
 * The sync engine's core, usable without CDI: give it the config repository clone, a chart renderer, the Kubernetes
 * API, a history store, an ownership rule and an event sink. It syncs every owned (app, env) on a trigger
 * ({@link #syncAll}, {@link #sync}), reacts to the platform's events ({@link #handle}), rolls back on failed
 * rollouts ({@link #rollback}) and, once {@link #start()}ed, watches managed objects for drift.
 */
public final class SyncEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final SyncSettings settings;
    private final ConfigRepo repo;
    private final Ownership ownership;
    private final AppStates apps;
    private final ExecutorService workers;
    private final ExecutorService driftWorkers;
    private final AtomicBoolean fetchFailing = new AtomicBoolean();
    private volatile DriftWatcher watcher;

    public SyncEngine(SyncSettings settings, ConfigRepo repo, ChartRenderer renderer, KubeApi api,
                      HistoryStore store, Ownership ownership, SyncEventSink sink, SyncMetrics metrics, Clock clock) {
        this.settings = settings;
        this.repo = repo;
        this.ownership = ownership;
        this.apps = new AppStates(settings, api, store, renderer, new Applier(api, settings.createNamespaces()),
                new Pruner(api), sink, metrics, () -> Optional.ofNullable(watcher), clock,
                new DriftComparator(settings.fieldManager(), settings.expectedManagers()));
        AtomicInteger worker = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> daemon(r, "sync-worker-"
                + worker.incrementAndGet()));
        // one thread: live changes are checked in the order the informers delivered them
        this.driftWorkers = Executors.newSingleThreadExecutor(r -> daemon(r, "sync-drift"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts watching managed objects for drift (when enabled). */
    public synchronized void start() {
        if (settings.driftEnabled() && watcher == null) {
            watcher = new DriftWatcher(apps.api().client(), this::onLiveChange, settings.driftResync(),
                    java.time.Duration.ofSeconds(30));
        }
    }

    public SyncSettings settings() {
        return settings;
    }

    public ConfigRepo repo() {
        return repo;
    }

    /** Fetches the config repository and syncs every (app, env) this instance owns. */
    public List<SyncOutcome> syncAll(SyncTrigger trigger, Event<?> cause) {
        return syncWhere((app, env) -> true, trigger, cause);
    }

    /** Fetches and syncs the owned (app, env) that {@code filter} selects (e.g. those of newly owned partitions). */
    public List<SyncOutcome> syncWhere(BiPredicate<String, String> filter, SyncTrigger trigger, Event<?> cause) {
        Optional<ConfigSnapshot> snapshot = fetch(trigger, cause, filter);
        if (snapshot.isEmpty()) {
            return List.of();
        }
        ConfigCatalog catalog = snapshot.get().catalog();
        List<Future<SyncOutcome>> futures = new ArrayList<>();
        for (AppConfig app : catalog.apps().values()) {
            for (AppConfig.EnvironmentConfig env : app.environments()) {
                if (ownership.owns(app.name(), env.name()) && filter.test(app.name(), env.name())) {
                    futures.add(workers.submit(() -> apps.sync(snapshot.get(), app, env, trigger, cause)));
                }
            }
        }
        reportInvalid(snapshot.get(), filter, trigger, cause);
        List<SyncOutcome> outcomes = new ArrayList<>();
        PublishException unpublished = null;
        for (Future<SyncOutcome> future : futures) {
            try {
                outcomes.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PublishException publish) {
                    unpublished = unpublished == null ? publish : unpublished;
                } else {
                    LOG.errorf(e.getCause(), "a sync failed unexpectedly");
                }
            }
        }
        if (unpublished != null) {
            // every owned (app, env) was synced; an outcome that could not be published makes the trigger retried
            throw unpublished;
        }
        return outcomes;
    }

    /** Fetches and syncs one (app, env), if this instance owns it. */
    public SyncOutcome sync(String app, String env, SyncTrigger trigger, Event<?> cause) {
        if (!ownership.owns(app, env)) {
            return new SyncOutcome.Skipped(app, env, "owned by another instance");
        }
        Optional<ConfigSnapshot> snapshot = fetch(trigger, cause, (a, e) -> a.equals(app) && e.equals(env));
        if (snapshot.isEmpty()) {
            return new SyncOutcome.Failed(app, env, null, SyncFailureReason.FETCH_FAILED, "config repository unreachable");
        }
        Optional<AppConfig> config = snapshot.get().catalog().app(app);
        Optional<AppConfig.EnvironmentConfig> environment = config.flatMap(c -> c.environment(env));
        if (environment.isEmpty()) {
            if (snapshot.get().catalog().invalid().containsKey(app)) {
                reportInvalid(snapshot.get(), (a, e) -> a.equals(app) && e.equals(env), trigger, cause);
                return new SyncOutcome.Failed(app, env, snapshot.get().commit(), SyncFailureReason.INVALID_CONFIG,
                        "apps/" + app + "/app.yaml is invalid");
            }
            return new SyncOutcome.Skipped(app, env, "not in the config repository at "
                    + snapshot.get().commit());
        }
        return apps.sync(snapshot.get(), config.get(), environment.get(), trigger, cause);
    }

    /**
     * Handles a consumed platform event: {@code config.changed} syncs its (app, env); a push to the config
     * repository's branch syncs everything owned; a failed rollout rolls back. Other events are ignored. The engine's
     * own failures (fetch, render, apply...) are outcomes published as {@code SyncFailed}, not exceptions.
     *
     * @throws PermanentException when the event cannot be acted on, however often it is retried (it names no
     *                            app/env, a verdict no revision, a verdict not published by the health verifier)
     * @throws PublishException   when an outcome event could not be published (worth a retry)
     */
    public void handle(Event<?> event, long receivedNanos) {
        if (event.data() instanceof ConfigChanged changed) {
            requireTarget(event, changed.app(), changed.env());
            if (changed.pullRequestUrl() != null && !changed.pullRequestUrl().isBlank()) {
                return;
            }
            sync(changed.app(), changed.env(), SyncTrigger.CONFIG_CHANGED, event);
        } else if (event.data() instanceof WebhookReceived webhook) {
            if (isConfigRepoPush(webhook)) {
                syncAll(SyncTrigger.WEBHOOK, event);
            }
        } else if (event.data() instanceof RolloutFailed failed) {
            String untrusted = Sources.problem(event, Sources.HEALTH_VERIFIER);
            if (untrusted != null) {
                throw new PermanentException("refused: " + untrusted);
            }
            requireTarget(event, failed.app(), failed.env());
            if (isBlank(failed.revision())) {
                throw new PermanentException(event.type().type() + " " + event.id() + " names no revision");
            }
            @SuppressWarnings("unchecked")
            Event<RolloutFailed> verdict = (Event<RolloutFailed>) event;
            rollback(verdict, receivedNanos);
        }
    }

    private static void requireTarget(Event<?> event, String app, String env) {
        if (isBlank(app) || isBlank(env)) {
            throw new PermanentException(event.type().type() + " " + event.id() + " names no app/env (app="
                    + app + ", env=" + env + ")");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    boolean isConfigRepoPush(WebhookReceived webhook) {
        return "push".equals(webhook.event()) && webhook.repository() != null
                && webhook.repository().equalsIgnoreCase(settings.repoFullName())
                && webhook.push() != null && repo.branch().equals(webhook.push().branch())
                && !webhook.push().deleted();
    }

    /** Re-applies the last healthy recorded revision of the verdict's (app, env), if this instance owns it. */
    public RollbackOutcome rollback(Event<RolloutFailed> event, long receivedNanos) {
        RolloutFailed verdict = event.data();
        if (!ownership.owns(verdict.app(), verdict.env())) {
            return new RollbackOutcome.Stale(verdict.app(), verdict.env(), verdict.revision(), "another instance");
        }
        Optional<AppConfig> config = repo.current().flatMap(s -> s.catalog().app(verdict.app()));
        return apps.rollback(config.orElse(null), event, receivedNanos);
    }

    /** The namespaces the drift informers watch now (empty before {@link #start()} or with drift off). */
    public Set<String> watchedNamespaces() {
        DriftWatcher current = watcher;
        return current == null ? Set.of() : current.watchedNamespaces();
    }

    /** The recorded history of (app, env), loaded from the store when this instance has not seen it yet. */
    public AppHistory history(String app, String env) {
        return apps.history(app, env);
    }

    private Optional<ConfigSnapshot> fetch(SyncTrigger trigger, Event<?> cause, BiPredicate<String, String> filter) {
        try {
            ConfigSnapshot snapshot = repo.fetch();
            if (fetchFailing.compareAndSet(true, false)) {
                LOG.infof("config repository %s reachable again", repo.url());
            }
            retainWatched(snapshot.catalog());
            return Optional.of(snapshot);
        } catch (FetchException e) {
            apps.metrics().fetchFailed();
            boolean first = fetchFailing.compareAndSet(false, true);
            LOG.warnf("config repository fetch failed: %s", e.getMessage());
            boolean targeted = trigger == SyncTrigger.CONFIG_CHANGED;
            if (first || targeted) {
                repo.current().ifPresent(last -> {
                    for (AppConfig app : last.catalog().apps().values()) {
                        for (AppConfig.EnvironmentConfig env : app.environments()) {
                            if (ownership.owns(app.name(), env.name()) && filter.test(app.name(), env.name())) {
                                apps.fetchFailed(app, env, e.getMessage(), trigger, cause);
                            }
                        }
                    }
                });
            }
            return Optional.empty();
        }
    }

    /**
     * Stops the drift informers of namespaces no app of the catalog targets any more (an app whose app.yaml is
     * invalid keeps the namespaces it had).
     */
    private void retainWatched(ConfigCatalog catalog) {
        DriftWatcher current = watcher;
        if (current != null) {
            current.retainNamespaces(managedNamespaces(catalog));
        }
    }

    /** The namespaces the catalog's apps target (the engine's informers run in these only). */
    public Set<String> managedNamespaces(ConfigCatalog catalog) {
        Set<String> namespaces = new TreeSet<>();
        for (AppConfig app : catalog.apps().values()) {
            app.environments().forEach(env -> namespaces.add(env.namespace()));
        }
        catalog.invalid().keySet().forEach(app -> namespaces.addAll(apps.namespacesOf(app)));
        return namespaces;
    }

    private void reportInvalid(ConfigSnapshot snapshot, BiPredicate<String, String> filter, SyncTrigger trigger,
                               Event<?> cause) {
        snapshot.catalog().invalid().forEach((app, problems) -> {
            if (!io.gitops.config.Dns1123.isLabel(app)) {
                LOG.warnf("apps/%s is not a valid application directory: %s", app, problems);
                return;
            }
            String error = problems.stream().map(ConfigProblem::toString).reduce((a, b) -> a + "; " + b).orElse("");
            for (String env : AppStates.environmentsOf(snapshot.root(), app)) {
                if (ownership.owns(app, env) && filter.test(app, env)) {
                    apps.invalid(snapshot, app, env, error, trigger, cause);
                }
            }
        });
    }

    private void onLiveChange(LiveChange change) {
        String app = change.live().path("metadata").path("labels").path(Labels.APP).asText("");
        String env = change.live().path("metadata").path("labels").path(Labels.ENV).asText("");
        if (app.isEmpty() || env.isEmpty() || !ownership.owns(app, env) || !apps.knows(app, env)) {
            return;
        }
        driftWorkers.execute(() -> apps.drift(app, env, change));
    }

    @Override
    public synchronized void close() {
        workers.shutdownNow();
        driftWorkers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
