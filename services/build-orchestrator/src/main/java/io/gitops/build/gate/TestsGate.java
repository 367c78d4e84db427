package io.gitops.build.gate;

import io.gitops.build.report.ReportRead;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.TestCounts;

/**
 * Tests pass when the test command exited 0 <em>and</em> JUnit XML reports exist and count no failed test. The figure
 * is the number of failed tests (threshold 0).
 */
public final class TestsGate {

    private TestsGate() {
    }

    public static GateResult evaluate(int exitCode, ReportRead<TestCounts> reports) {
        if (reports instanceof ReportRead.Found<TestCounts> found) {
            TestCounts counts = found.value();
            String detail = counts.passed() + " passed, " + counts.failed() + " failed, " + counts.skipped()
                    + " skipped";
            if (counts.failed() > 0) {
                return new GateResult(Gates.TESTS, false, (double) counts.failed(), 0.0, "failed tests",
                        detail + " (" + found.source() + ")");
            }
            if (exitCode != 0) {
                return new GateResult(Gates.TESTS, false, (double) counts.failed(), 0.0, "failed tests",
                        detail + ", but the test command exited " + exitCode);
            }
            return new GateResult(Gates.TESTS, true, 0.0, 0.0, "failed tests", detail);
        }
        String why = reports instanceof ReportRead.Absent<TestCounts> absent ? absent.reason()
                : ((ReportRead.Malformed<TestCounts>) reports).reason();
        return new GateResult(Gates.TESTS, false, null, 0.0, "failed tests",
                exitCode == 0 ? why : "the test command exited " + exitCode + "; " + why);
    }

    /** The counts when reports were read, else null. */
    public static TestCounts counts(ReportRead<TestCounts> reports) {
        return reports instanceof ReportRead.Found<TestCounts> found ? found.value() : null;
    }
}
