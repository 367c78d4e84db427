package io.gitops.bumper.batch;

import java.util.List;
import java.util.stream.Collectors;

import io.gitops.bumper.targets.TargetResult;
import io.gitops.kit.Outcome;

/** What became of one intent, per app/env. */
public record IntentResult(Intent intent, List<TargetResult> targets) {

    public IntentResult {
        targets = List.copyOf(targets);
    }

    /**
     * The intent's outcome, classified once: transient when any target may work on a retry, else permanent when any
     * target can never work (both with every reason), else success.
     */
    public Outcome<IntentResult> outcome() {
        List<TargetResult.Failed> failures = targets.stream()
                .filter(TargetResult.Failed.class::isInstance).map(TargetResult.Failed.class::cast).toList();
        if (failures.isEmpty()) {
            return Outcome.success(this);
        }
        String reason = failures.stream().map(IntentResult::describe).collect(Collectors.joining("; "));
        return failures.stream().anyMatch(f -> !f.permanent())
                ? Outcome.transientFailure(reason, null)
                : Outcome.permanent(reason);
    }

    private static String describe(TargetResult.Failed failure) {
        String target = failure.env() == null ? failure.app() : failure.app() + "/" + failure.env();
        return (target == null ? "" : target + ": ") + failure.reason();
    }
}
