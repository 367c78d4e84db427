package io.gitops.build.stage;

import java.util.List;

import io.gitops.events.data.GateResult;
import io.gitops.events.data.TestCounts;

/** How a stage ended, classified once: success (or skipped), a permanent failure, or a transient one (retried). */
public sealed interface StageResult permits StageResult.Success, StageResult.PermanentFailure,
        StageResult.TransientFailure {

    /** Every gate of the stage passed; {@code skippedReason} is set when the stage had nothing to do. */
    record Success(List<GateResult> gates, TestCounts tests, String outputTail, String skippedReason)
            implements StageResult {
        public Success {
            gates = List.copyOf(gates);
        }

        public static Success of(List<GateResult> gates, TestCounts tests, String outputTail) {
            return new Success(gates, tests, outputTail, null);
        }

        public static Success skipped(String reason) {
            return new Success(List.of(), null, null, reason);
        }
    }

    /** The stage failed and trying again will not help: a gate failed, a command failed or hung, bad input. */
    record PermanentFailure(String reason, List<GateResult> gates, TestCounts tests, String outputTail)
            implements StageResult {
        public PermanentFailure {
            gates = List.copyOf(gates);
        }

        public static PermanentFailure of(String reason) {
            return new PermanentFailure(reason, List.of(), null, null);
        }
    }

    /** Something outside the commit failed (registry, API, network): the stage may pass when tried again. */
    record TransientFailure(String reason, String outputTail) implements StageResult {
    }
}
