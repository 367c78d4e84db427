package io.gitops.bumper;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.gitops.bumper.announce.AnnouncementHealer;
import io.gitops.bumper.announce.AnnouncementLedger;
import io.gitops.bumper.announce.AnnouncementQueue;
import io.gitops.bumper.announce.Announcer;
import io.gitops.bumper.announce.ChangeEvents;
import io.gitops.bumper.artifacts.ImageDigests;
import io.gitops.bumper.artifacts.RegistryCheck;
import io.gitops.bumper.batch.BatchFiles;
import io.gitops.bumper.batch.BatchPlanner;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.batch.Plan;
import io.gitops.bumper.commit.BuildIndex;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.bumper.github.PullRequests;
import io.gitops.bumper.promotion.PullRequestFlow;
import io.gitops.bumper.push.PushWithRetry;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResolver;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.Retry;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

/**
 * The bumper's core: turns a batch of intents into commits on the config branch (and pull requests), pushes them
 * without force (fetch, re-plan and retry when someone else pushed first), and publishes {@code config.changed} for
 * each change only after the push succeeded. Each instance owns one warm clone; several instances (and people) may
 * push to the same branch at the same time without losing an update. Not thread-safe: one writer thread calls it.
 */
public final class ConfigBumper {

    private static final Logger LOG = Logger.getLogger(ConfigBumper.class);
    /** Batches between checks whether the clone needs packing (cheap when it does not). */
    private static final int MAINTENANCE_EVERY = 100;
    /** Registry calls of a batch run in parallel on these (daemon) threads. */
    private static final ExecutorService REGISTRY_CALLS = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "config-bumper-registry");
        thread.setDaemon(true);
        return thread;
    });

    private final GitClient git;
    private final BumperSettings settings;
    private final BumperMetrics metrics;
    private final Clock clock;
    private final BatchPlanner planner = new BatchPlanner();
    private final PushWithRetry push;
    private final AnnouncementQueue announcements;
    private final AnnouncementHealer healer;
    private final PullRequestFlow pullRequestFlow;
    private final BuildIndex builds;
    private final RegistryCheck registryCheck;
    private int batches;

    /** The plan of one attempt and the commits built for it, in order. */
    private record BuiltPlan(Plan plan, List<ObjectId> commits) {
    }

    /**
     * @param pullRequests null when no GitHub API is configured (pull-request environments then fail permanently)
     * @param sleeper      how to wait between push attempts
     * @param registry     confirms each bump's tag and digest before it is written
     */
    public ConfigBumper(GitClient git, BumperSettings settings, Announcer announcer, AnnouncementLedger ledger,
                        PullRequests pullRequests, BumperMetrics metrics, Clock clock, Retry.Sleeper sleeper,
                        ImageDigests registry) {
        this.git = git;
        this.registryCheck = new RegistryCheck(registry, REGISTRY_CALLS, metrics::refused);
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.push = new PushWithRetry(git, settings.push(), sleeper, (attempt, conflict) -> {
                    metrics.retry();
                    LOG.infof("push attempt %d lost a race (%s): fetching and re-applying", attempt, conflict);
                });
        this.announcements = new AnnouncementQueue(announcer, ledger);
        this.healer = new AnnouncementHealer(git, ledger, announcer, settings, clock, metrics::healed);
        this.pullRequestFlow = new PullRequestFlow(git, settings, pullRequests, push, announcements, metrics,
                clock);
        this.builds = new BuildIndex(git, settings.identity().committer().email(),
                settings.repository().historyDepth());
    }

    /** The warm clone this instance owns. */
    public GitClient git() {
        return git;
    }

    /** Fetches and publishes every announcement missing from the recent history (on start); returns how many. */
    public int healAll() {
        ObjectId head = fetch();
        return healer.healAll(head);
    }

    /**
     * Fetches, publishes queued announcements and those missing for longer than the grace period, and packs the clone
     * when it needs it (the periodic run).
     */
    public int heal() {
        announcements.retry();
        int healed = healer.afterFetch(fetch());
        maintain();
        return healed;
    }

    private void maintain() {
        try {
            if (git.maintain()) {
                LOG.info("packed the warm clone");
            }
        } catch (GitException e) {
            LOG.warnf("could not pack the warm clone (it still works, only slower): %s", e.getMessage());
        }
    }

    /**
     * Fetches the branch and reads the new commits' build times. The working tree is not reset: every file the bumper
     * reads and writes is read from a commit and committed in memory, so a reset and clean of the whole tree per bump
     * would only cost time.
     */
    private ObjectId fetch() {
        ObjectId head = git.fetchBranch(git.settings().branch()).orElseThrow(() -> new GitException(GitException.Kind.TRANSIENT,
                "branch " + git.settings().branch() + " does not exist on " + git.displayUrl() + " (yet)", null));
        builds.update(head);
        return head;
    }

    /** Processes one batch; returns one result per intent, in order. */
    public List<IntentResult> process(List<Intent> intents) {
        metrics.batch(intents.size());
        Map<Intent, List<TargetResult>> results = new LinkedHashMap<>();
        intents.forEach(intent -> results.put(intent, new ArrayList<>()));
        announcements.retry();
        if (++batches % MAINTENANCE_EVERY == 0) {
            maintain();
        }
        try {
            ObjectId base = fetch();
            healer.afterFetch(base);
            RegistryCheck.Result checked = registryCheck.check(intents, new TargetResolver(files(base)));
            checked.failed().forEach((intent, failure) -> results.get(intent).add(failure));
            List<Intent> accepted = intents.stream().filter(i -> !checked.failed().containsKey(i)).toList();
            if (accepted.isEmpty()) {
                return finish(intents, results);
            }
            PushWithRetry.Result<BuiltPlan> outcome = push.push(git.settings().branch(), base, this::fetch, base,
                    b -> build(accepted, b, checked.digests()));
            BuiltPlan built = builtPlan(outcome);
            if (built != null) {
                built.plan().settled().forEach((intent, settled) -> results.get(intent).addAll(settled));
                metrics.coalesced(built.plan().coalesced());
            }
            if (outcome instanceof PushWithRetry.Pushed<BuiltPlan> pushed) {
                metrics.pushed("branch", pushed.nanos());
                announce(pushed.built().base(), built, results);
            } else if (outcome instanceof PushWithRetry.Rejected<BuiltPlan> rejected) {
                failChanges(built, results, true, "the config repository refused the push: " + rejected.reason());
            } else if (outcome instanceof PushWithRetry.Failed<BuiltPlan> failed) {
                failAll(accepted, results, failed.permanent(), failed.reason());
                return finish(intents, results);
            }
            ObjectId mainHead = git.head().orElse(base);
            for (Target target : built.plan().pullRequests()) {
                results.get(target.intent()).add(pullRequestFlow.open(target, mainHead, builds));
            }
        } catch (GitException e) {
            failAll(intents, results, !e.isTransient(), e.getMessage());
        } catch (UncheckedIOException e) {
            failAll(intents, results, false, e.getMessage());
        }
        return finish(intents, results);
    }

    /** The repository at {@code base}, and at other revisions (a revert's last healthy one) if the clone has them. */
    private BatchFiles files(ObjectId base) {
        long max = settings.repository().maxFileBytes();
        return new BatchFiles(path -> git.readFile(base, path, max), (revision, path) -> {
            try {
                return git.readFile(ObjectId.fromString(revision), path, max);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private PushWithRetry.Built<BuiltPlan> build(List<Intent> intents, ObjectId base, Map<Intent, String> digests) {
        BatchFiles files = files(base);
        Plan plan = planner.plan(intents, files, builds, digests);
        ObjectId head = base;
        List<ObjectId> commits = new ArrayList<>();
        for (Plan.PlannedCommit commit : plan.commits()) {
            head = git.commit(head, commit.files(), Set.of(), commit.message(), settings.identity().author().now(),
                    settings.identity().committer().now());
            commits.add(head);
        }
        return new PushWithRetry.Built<>(base, head, new BuiltPlan(plan, commits));
    }

    private static BuiltPlan builtPlan(PushWithRetry.Result<BuiltPlan> outcome) {
        if (outcome instanceof PushWithRetry.Pushed<BuiltPlan> pushed) {
            return pushed.built().plan();
        }
        if (outcome instanceof PushWithRetry.NothingToPush<BuiltPlan> nothing) {
            return nothing.built().plan();
        }
        if (outcome instanceof PushWithRetry.Rejected<BuiltPlan> rejected) {
            return rejected.built().plan();
        }
        return null;
    }

    /** After the push: one config.changed per change, each with its own commit. */
    private void announce(ObjectId base, BuiltPlan built, Map<Intent, List<TargetResult>> results) {
        List<Plan.PlannedCommit> commits = built.plan().commits();
        for (int i = 0; i < commits.size(); i++) {
            String commit = built.commits().get(i).name();
            String previous = i == 0 ? base.name() : built.commits().get(i - 1).name();
            for (AppliedChange change : commits.get(i).changes()) {
                Event<ConfigChanged> event = ChangeEvents.of(change, settings.repository().name(),
                        git.settings().branch(), commit, previous, null, clock.instant());
                String failure = announcements.publish(event);
                results.get(change.intent()).add(failure == null
                        ? new TargetResult.Changed(change.app(), change.env(), event)
                        : new TargetResult.Failed(change.app(), change.env(), false, "pushed " + commit
                        + " but config.changed is not published yet: " + failure));
                LOG.infof("%s %s/%s: %s -> %s in %s", change.cause().name().toLowerCase(Locale.ROOT), change.app(),
                        change.env(), change.oldTag(), change.newTag(), commit);
            }
        }
    }

    private static void failChanges(BuiltPlan built, Map<Intent, List<TargetResult>> results, boolean permanent,
                                    String reason) {
        for (Plan.PlannedCommit commit : built.plan().commits()) {
            for (AppliedChange change : commit.changes()) {
                results.get(change.intent()).add(new TargetResult.Failed(change.app(), change.env(), permanent,
                        reason));
            }
        }
    }

    private static void failAll(List<Intent> intents, Map<Intent, List<TargetResult>> results, boolean permanent,
                                String reason) {
        for (Intent intent : intents) {
            results.get(intent).clear();
            String env = intent instanceof Intent.Revert revert ? revert.verdict().env() : null;
            results.get(intent).add(new TargetResult.Failed(intent.app(), env, permanent, reason));
        }
    }

    private List<IntentResult> finish(List<Intent> intents, Map<Intent, List<TargetResult>> results) {
        List<IntentResult> finished = new ArrayList<>();
        for (Intent intent : intents) {
            String cause = intent instanceof Intent.Revert ? "revert" : "bump";
            for (TargetResult result : results.get(intent)) {
                metrics.bump(cause, outcome(result));
            }
            finished.add(new IntentResult(intent, results.get(intent)));
        }
        return finished;
    }

    private static BumperMetrics.Outcome outcome(TargetResult result) {
        if (result instanceof TargetResult.Changed) {
            return BumperMetrics.Outcome.CHANGED;
        }
        if (result instanceof TargetResult.PullRequestOpened) {
            return BumperMetrics.Outcome.PULL_REQUEST;
        }
        if (result instanceof TargetResult.Unchanged) {
            return BumperMetrics.Outcome.UNCHANGED;
        }
        if (result instanceof TargetResult.Superseded) {
            return BumperMetrics.Outcome.SUPERSEDED;
        }
        if (result instanceof TargetResult.Refused) {
            return BumperMetrics.Outcome.REFUSED;
        }
        return ((TargetResult.Failed) result).permanent() ? BumperMetrics.Outcome.FAILED_PERMANENT
                : BumperMetrics.Outcome.FAILED_TRANSIENT;
    }
}
