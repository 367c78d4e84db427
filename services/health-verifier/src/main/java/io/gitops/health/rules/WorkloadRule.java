package io.gitops.health.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetCondition;
import io.gitops.events.data.RolloutFailureReason;

/**
 * A failure rule about a workload's status condition, read from the rules file, e.g. a Deployment's
 * {@code Progressing=False} with reason {@code ProgressDeadlineExceeded}. Only a status that observed the current
 * generation counts (an old condition says nothing about the new revision).
 *
 * @param kinds  the workload kinds it applies to
 * @param status the condition's status; null: any
 * @param reason the condition's reason; null: any
 */
public record WorkloadRule(String name, Set<String> kinds, String conditionType, String status, String reason,
                           RolloutFailureReason fail, MessageTemplate message) {

    /** The variables a workload rule's message may use. */
    public static final Set<String> VARIABLES = Set.of("workload", "kind", "name", "conditionType",
            "conditionStatus", "conditionReason", "conditionMessage");

    public WorkloadRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(conditionType, "conditionType");
        Objects.requireNonNull(fail, "fail");
        Objects.requireNonNull(message, "message");
        kinds = Set.copyOf(kinds);
    }

    /** The condition's status, reason and message as found on the workload. */
    record Found(String status, String reason, String message) {
    }

    /** The failure message when the rule matches {@code workload}. */
    public Optional<String> match(HasMetadata workload) {
        if (!kinds.contains(workload.getKind()) || !generationObserved(workload)) {
            return Optional.empty();
        }
        return condition(workload)
                .filter(c -> status == null || status.equals(c.status()))
                .filter(c -> reason == null || reason.equals(c.reason()))
                .map(c -> message.render(Map.of(
                        "workload", workload.getKind() + "/" + workload.getMetadata().getName(),
                        "kind", workload.getKind(),
                        "name", workload.getMetadata().getName(),
                        "conditionType", conditionType,
                        "conditionStatus", String.valueOf(c.status()),
                        "conditionReason", String.valueOf(c.reason()),
                        "conditionMessage", c.message() == null ? "" : c.message())));
    }

    private Optional<Found> condition(HasMetadata workload) {
        if (workload instanceof Deployment d && d.getStatus() != null && d.getStatus().getConditions() != null) {
            for (DeploymentCondition c : d.getStatus().getConditions()) {
                if (conditionType.equals(c.getType())) {
                    return Optional.of(new Found(c.getStatus(), c.getReason(), c.getMessage()));
                }
            }
        }
        if (workload instanceof StatefulSet s && s.getStatus() != null && s.getStatus().getConditions() != null) {
            for (StatefulSetCondition c : s.getStatus().getConditions()) {
                if (conditionType.equals(c.getType())) {
                    return Optional.of(new Found(c.getStatus(), c.getReason(), c.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    static boolean generationObserved(HasMetadata workload) {
        long generation = workload.getMetadata().getGeneration() == null ? 0 : workload.getMetadata().getGeneration();
        return observedGeneration(workload) >= generation;
    }

    static long observedGeneration(HasMetadata workload) {
        Long observed = null;
        if (workload instanceof Deployment d && d.getStatus() != null) {
            observed = d.getStatus().getObservedGeneration();
        } else if (workload instanceof StatefulSet s && s.getStatus() != null) {
            observed = s.getStatus().getObservedGeneration();
        }
        return observed == null ? 0 : observed;
    }

    /** The workload kinds the verifier watches. */
    static final List<String> KNOWN_KINDS = List.of("Deployment", "StatefulSet");
}
