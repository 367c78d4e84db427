package io.gitops.health.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Assessment;
import io.gitops.health.rules.ClusterSnapshot;
import io.gitops.health.rules.Durations;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.ObservationHistory;
import io.gitops.health.rules.Verdict;
import io.gitops.health.rules.WorkloadHealth;
import org.jboss.logging.Logger;

/**
 * Watches one revision's rollout until it is healthy (converged and stable for {@code minStable}) or failed (a rule,
 * a deleted or missing workload, or the timeout), re-judging on every change the view reports and at the moments a
 * rule waits for. It decides only; acting on the verdict (halt, publish) is the caller's business, through the
 * {@code onVerdict} callback, which is called at most once and never after {@link #cancel()}.
 */
public final class RolloutWatch {

    private static final Logger LOG = Logger.getLogger(RolloutWatch.class);
    private static final Duration TIMER_SLACK = Duration.ofMillis(5);

    private final RolloutRequest request;
    private final WorkloadViews views;
    private final HealthEvaluator evaluator;
    private final Duration missingGrace;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Consumer<Detection> onVerdict;
    private final ObservationHistory history = new ObservationHistory();
    private final StabilityWindow stability;
    private final Set<String> seenWorkloads = new LinkedHashSet<>();

    private WorkloadView view;
    private Instant startedAt;
    private Instant deadline;
    private boolean begun;
    private boolean finished;
    private Verdict last;
    private ScheduledFuture<?> recheck;
    private Instant recheckAt;

    public RolloutWatch(RolloutRequest request, WorkloadViews views, HealthEvaluator evaluator, Duration missingGrace,
                        ScheduledExecutorService scheduler, Clock clock, Consumer<Detection> onVerdict) {
        this.request = request;
        this.views = views;
        this.evaluator = evaluator;
        this.missingGrace = missingGrace;
        this.scheduler = scheduler;
        this.clock = clock;
        this.onVerdict = onVerdict;
        this.stability = new StabilityWindow(request.health().minStable());
    }

    /**
     * Starts watching (returns once the view holds the current state) and returns the workloads it sees as
     * {@code Kind/name}. Nothing is judged before {@link #begin()}.
     *
     * @throws WorkloadViews.ViewException when the API server cannot be watched
     */
    public List<String> open() {
        WorkloadView opened = views.open(request.namespace(), request.appEnv().labels(), new Listener());
        synchronized (this) {
            if (finished) {
                opened.close();
                return List.of();
            }
            view = opened;
            startedAt = clock.instant();
            deadline = startedAt.plus(request.health().timeout());
            return view.snapshot(startedAt).workloads().stream().map(WorkloadHealth::ref).toList();
        }
    }

    /** The workloads as the view sees them now (empty before {@link #open()} and after the end). */
    public synchronized List<HasMetadata> workloads() {
        return view == null || finished ? List.of() : view.snapshot(clock.instant()).workloads();
    }

    /** Starts judging: evaluates once now, then on every change and at the moments rules wait for. */
    public void begin() {
        synchronized (this) {
            if (finished || view == null) {
                return;
            }
            begun = true;
            // the pods listed while opening count as the first observation
            Instant now = clock.instant();
            for (Pod pod : view.snapshot(now).pods()) {
                if (view.owns(pod)) {
                    evaluator.observe(pod, history, now);
                }
            }
        }
        evaluate(System.nanoTime());
    }

    /** Stops watching without a verdict (superseded by a newer revision, or the service stops). */
    public void cancel() {
        WorkloadView toClose;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            toClose = view;
            cancelRecheck();
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    public RolloutRequest request() {
        return request;
    }

    public synchronized Instant startedAt() {
        return startedAt;
    }

    public synchronized boolean finished() {
        return finished;
    }

    /** The last verdict reached, progressing included (for diagnostics). */
    public synchronized Optional<Verdict> last() {
        return Optional.ofNullable(last);
    }

    private void evaluate(long signalNanos) {
        Detection detection;
        WorkloadView toClose;
        synchronized (this) {
            if (!begun || finished) {
                return;
            }
            Instant now = clock.instant();
            ClusterSnapshot snapshot = view.snapshot(now);
            Verdict verdict = judge(snapshot, now);
            last = verdict;
            if (verdict instanceof Verdict.Progressing) {
                return;
            }
            finished = true;
            cancelRecheck();
            toClose = view;
            detection = new Detection(verdict, now, signalNanos, snapshot.workloads());
        }
        toClose.close();
        LOG.debugf("rollout of %s %s: %s", request.appEnv(), request.shortRevision(), detection.verdict());
        onVerdict.accept(detection);
    }

    /** The verdict for this snapshot; schedules the next look when something waits for time. Under the lock. */
    private Verdict judge(ClusterSnapshot snapshot, Instant now) {
        Set<String> present = snapshot.workloads().stream().map(WorkloadHealth::ref)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String seen : seenWorkloads) {
            if (!present.contains(seen)) {
                return new Verdict.Failed(RolloutFailureReason.WORKLOAD_MISSING, seen
                        + " was deleted during the rollout of revision " + request.shortRevision(), seen, null);
            }
        }
        seenWorkloads.addAll(present);
        Assessment assessment = evaluator.assess(snapshot, history);
        Verdict verdict = assessment.verdict();
        List<Instant> wakeUps = new ArrayList<>();
        assessment.recheckAt().ifPresent(wakeUps::add);
        if (verdict instanceof Verdict.Failed failed && failed.reason() == RolloutFailureReason.WORKLOAD_MISSING
                && snapshot.workloads().isEmpty() && now.isBefore(startedAt.plus(missingGrace))) {
            wakeUps.add(startedAt.plus(missingGrace));
            verdict = new Verdict.Progressing(failed.message());
        }
        if (verdict instanceof Verdict.Healthy healthy) {
            stability.converged(now);
            if (stability.stable(now)) {
                return healthy;
            }
            stability.endsAt().ifPresent(wakeUps::add);
        } else if (verdict instanceof Verdict.Progressing) {
            stability.broken();
        } else {
            return verdict;
        }
        if (!now.isBefore(deadline)) {
            return new Verdict.Failed(RolloutFailureReason.TIMEOUT, "revision " + request.shortRevision()
                    + " not healthy within " + request.health().timeout().toSeconds() + "s: " + verdict.message(),
                    firstWaiting(verdict), null);
        }
        wakeUps.add(deadline);
        scheduleRecheck(wakeUps.stream().min(Instant::compareTo).orElse(deadline), now);
        return verdict instanceof Verdict.Healthy h
                ? new Verdict.Progressing(h.message() + " (stable for less than "
                        + Durations.format(stability.minStable()) + ")")
                : verdict;
    }

    private static String firstWaiting(Verdict verdict) {
        String message = verdict.message();
        int colon = message.indexOf(':');
        return colon > 0 && message.substring(0, colon).contains("/") ? message.substring(0, colon) : null;
    }

    private void scheduleRecheck(Instant at, Instant now) {
        if (recheck != null && !recheck.isDone() && recheckAt != null && !at.isBefore(recheckAt)) {
            return;
        }
        cancelRecheck();
        recheckAt = at;
        long delay = Math.max(0, Duration.between(now, at).plus(TIMER_SLACK).toMillis());
        recheck = scheduler.schedule(() -> evaluate(System.nanoTime()), delay, TimeUnit.MILLISECONDS);
    }

    private void cancelRecheck() {
        if (recheck != null) {
            recheck.cancel(false);
            recheck = null;
            recheckAt = null;
        }
    }

    /** Informer callbacks: a pod update is an observation; any change is a reason to judge again. */
    private final class Listener implements ViewListener {
        @Override
        public void podObserved(Pod pod) {
            long signal = System.nanoTime();
            synchronized (RolloutWatch.this) {
                if (finished || view == null || !view.owns(pod)) {
                    return;
                }
                evaluator.observe(pod, history, clock.instant());
            }
            evaluate(signal);
        }

        @Override
        public void podDeleted(Pod pod) {
            synchronized (RolloutWatch.this) {
                history.forgetPod(pod.getMetadata().getName());
            }
            evaluate(System.nanoTime());
        }

        @Override
        public void changed(HasMetadata object) {
            evaluate(System.nanoTime());
        }

        @Override
        public void deleted(HasMetadata object) {
            evaluate(System.nanoTime());
        }
    }
}
