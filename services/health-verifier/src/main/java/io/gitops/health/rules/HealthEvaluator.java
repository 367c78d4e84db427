package io.gitops.health.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitops.events.data.RolloutFailureReason;

/**
 * Judges one snapshot of an application's workloads: the failure rules first (workload rules, then container rules
 * over the new-revision pods, each in file order), then convergence. Pure: the same snapshot and history always give
 * the same assessment, which is what the fixture tests rely on.
 */
public final class HealthEvaluator {

    private final HealthRules rules;
    private final Thresholds thresholds;
    private final Map<String, WorkloadHealth> byKind;

    public HealthEvaluator(HealthRules rules, Thresholds thresholds) {
        this(rules, thresholds, List.of(new DeploymentHealth(), new StatefulSetHealth()));
    }

    public HealthEvaluator(HealthRules rules, Thresholds thresholds, List<WorkloadHealth> kinds) {
        this.rules = rules;
        this.thresholds = thresholds;
        this.byKind = kinds.stream().collect(Collectors.toMap(WorkloadHealth::kind, Function.identity()));
    }

    /**
     * Records one observation of a pod for the rules that count observations or time: each container's streak for
     * each such rule either grows or is broken.
     */
    public void observe(Pod pod, ObservationHistory history, Instant now) {
        for (ContainerView c : ContainerView.of(pod)) {
            for (ContainerRule rule : rules.containerRules()) {
                if (!rule.temporal()) {
                    continue;
                }
                if (rule.holds(c, thresholds, now)) {
                    history.held(rule.name(), c.podName(), c.name(), now);
                } else {
                    history.broken(rule.name(), c.podName(), c.name());
                }
            }
        }
    }

    public Assessment assess(ClusterSnapshot snapshot, ObservationHistory history) {
        if (snapshot.workloads().isEmpty()) {
            return Assessment.of(new Verdict.Failed(RolloutFailureReason.WORKLOAD_MISSING,
                    "no Deployment or StatefulSet labelled " + snapshot.selector() + " in namespace "
                            + snapshot.namespace(), null, null));
        }
        for (WorkloadRule rule : rules.workloadRules()) {
            for (HasMetadata workload : snapshot.workloads()) {
                Optional<String> message = rule.match(workload);
                if (message.isPresent()) {
                    return Assessment.of(new Verdict.Failed(rule.fail(), message.get(), WorkloadHealth.ref(workload),
                            new Verdict.Evidence(workload.getKind(), workload.getMetadata().getName(),
                                    workload.getMetadata().getResourceVersion())));
                }
            }
        }
        List<WorkloadStatus> statuses = new ArrayList<>();
        for (HasMetadata workload : snapshot.workloads()) {
            WorkloadHealth health = byKind.get(workload.getKind());
            if (health != null) {
                statuses.add(health.status(workload, snapshot));
            }
        }
        Instant recheck = null;
        for (ContainerRule rule : rules.containerRules()) {
            for (WorkloadStatus status : statuses) {
                for (Pod pod : status.newPods()) {
                    for (ContainerView c : ContainerView.of(pod)) {
                        if (!rule.holds(c, thresholds, snapshot.now())) {
                            continue;
                        }
                        Judgement judgement = judge(rule, c, status.ref(), history, snapshot.now());
                        if (judgement.failed() != null) {
                            return Assessment.of(judgement.failed());
                        }
                        if (judgement.dueAt() != null && (recheck == null || judgement.dueAt().isBefore(recheck))) {
                            recheck = judgement.dueAt();
                        }
                    }
                }
            }
        }
        List<String> waiting = statuses.stream().filter(s -> s.convergence() instanceof Verdict.Progressing)
                .map(s -> s.convergence().message()).toList();
        String all = statuses.stream().map(s -> s.convergence().message()).collect(Collectors.joining("; "));
        Verdict verdict = waiting.isEmpty() ? new Verdict.Healthy(all)
                : new Verdict.Progressing(String.join("; ", waiting));
        return new Assessment(verdict, Optional.ofNullable(recheck));
    }

    /** A container rule's outcome for one container whose conditions hold: failed, due later, or not (yet). */
    private record Judgement(Verdict.Failed failed, Instant dueAt) {
    }

    private Judgement judge(ContainerRule rule, ContainerView c, String workload, ObservationHistory history,
                            Instant now) {
        Optional<ObservationHistory.Streak> streak = history.streak(rule.name(), c.podName(), c.name());
        if (rule.forAtLeast() != null) {
            if (streak.isEmpty()) {
                return new Judgement(null, null);
            }
            Duration required = thresholds.duration(rule.forAtLeast());
            Duration held = Duration.between(streak.get().since(), now);
            if (held.compareTo(required) < 0) {
                return new Judgement(null, streak.get().since().plus(required));
            }
            return failed(rule, c, workload, Durations.format(held), streak.get().observations(),
                    Durations.format(required));
        }
        if (rule.observationsAtLeast() != null) {
            long required = thresholds.number(rule.observationsAtLeast());
            int seen = streak.map(ObservationHistory.Streak::observations).orElse(0);
            if (seen < required) {
                return new Judgement(null, null);
            }
            return failed(rule, c, workload, "", seen, String.valueOf(required));
        }
        String threshold = rule.restartsAbove() == null ? "" : String.valueOf(thresholds.number(rule.restartsAbove()));
        return failed(rule, c, workload, "", streak.map(ObservationHistory.Streak::observations).orElse(1),
                threshold);
    }

    private static Judgement failed(ContainerRule rule, ContainerView c, String workload, String held,
                                    int observations, String threshold) {
        return new Judgement(new Verdict.Failed(rule.fail(), rule.render(c, workload, held, observations, threshold),
                workload, c.evidence()), null);
    }
}
