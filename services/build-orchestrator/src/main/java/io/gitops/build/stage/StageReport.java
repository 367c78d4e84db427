package io.gitops.build.stage;

import java.util.List;

import io.gitops.events.data.GateResult;
import io.gitops.events.data.TestCounts;
import io.gitops.kit.Outcome;

/**
 * What a stage reports besides how it ended: its gates, test counts, output tail, and why it was skipped (a success
 * with nothing to do). A stage ends as an {@link Outcome}: {@code Success(report)}; a permanent failure (a gate
 * failed, a command failed or hung, bad input) or a transient one (registry, API, network: the stage may pass when
 * tried again), each with its report attached ({@link #of}).
 */
public record StageReport(List<GateResult> gates, TestCounts tests, String outputTail, String skippedReason) {

    /** No gates, no counts, no output. */
    public static final StageReport EMPTY = new StageReport(List.of(), null, null, null);

    public StageReport {
        gates = List.copyOf(gates);
    }

    /** Every gate passed. */
    public static Outcome<StageReport> passed(List<GateResult> gates, TestCounts tests, String outputTail) {
        return Outcome.success(new StageReport(gates, tests, outputTail, null));
    }

    /** Nothing to do: a visible skip. */
    public static Outcome<StageReport> skipped(String reason) {
        return Outcome.success(new StageReport(List.of(), null, null, reason));
    }

    /** A permanent failure with what the stage saw. */
    public static Outcome<StageReport> failed(String reason, List<GateResult> gates, TestCounts tests,
                                              String outputTail) {
        return Outcome.permanent(reason, new Attached(new StageReport(gates, tests, outputTail, null)));
    }

    public static Outcome<StageReport> failed(String reason) {
        return failed(reason, List.of(), null, null);
    }

    /** A transient failure (tried again within the attempt), with the output so far. */
    public static Outcome<StageReport> retryable(String reason, String outputTail) {
        return Outcome.transientFailure(reason, new Attached(new StageReport(List.of(), null, outputTail, null)));
    }

    /** The report of any outcome of a stage ({@link #EMPTY} for a failure that has none). */
    public static StageReport of(Outcome<?> outcome) {
        Throwable cause = null;
        if (outcome instanceof Outcome.Success<?> success && success.value() instanceof StageReport report) {
            return report;
        } else if (outcome instanceof Outcome.PermanentFailure<?> p) {
            cause = p.cause();
        } else if (outcome instanceof Outcome.TransientFailure<?> t) {
            cause = t.cause();
        }
        return cause instanceof Attached attached ? attached.report : EMPTY;
    }

    /** The report carried by a failed outcome (never thrown, so no stack trace). */
    static final class Attached extends Exception {
        private final transient StageReport report;

        Attached(StageReport report) {
            super("stage report", null, false, false);
            this.report = report;
        }
    }
}
