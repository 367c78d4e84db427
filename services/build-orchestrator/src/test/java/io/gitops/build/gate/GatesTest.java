package io.gitops.build.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.build.report.CoverageReport;
import io.gitops.build.report.ReportRead;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.TestCounts;
import org.junit.jupiter.api.Test;

class GatesTest {

    @Test
    void givenCoverageAboveTheThreshold_whenEvaluated_thenItPassesWithTheFigure() {
        GateResult gate = CoverageGate.evaluate(new ReportRead.Found<>(new CoverageReport("JaCoCo", "j.xml", 864, 1000),
                "JaCoCo j.xml"), 80.0);

        assertThat(gate).isEqualTo(new GateResult("coverage", true, 86.4, 80.0, "percent", "JaCoCo j.xml"));
    }

    @Test
    void givenCoverageBelowTheThreshold_whenEvaluated_thenItFailsSayingBy() {
        GateResult gate = CoverageGate.evaluate(new ReportRead.Found<>(new CoverageReport("Cobertura", "c.xml", 712, 1000),
                "Cobertura c.xml"), 80.0);

        assertThat(gate.passed()).isFalse();
        assertThat(gate.detail()).isEqualTo("line coverage 71.2% is below the threshold 80.0% (Cobertura c.xml)");
    }

    @Test
    void givenAMalformedCoverageReport_whenEvaluated_thenItFailsWithTheReason() {
        GateResult gate = CoverageGate.evaluate(new ReportRead.Malformed<>("coverage.xml is not valid"), 80.0);

        assertThat(gate.passed()).isFalse();
        assertThat(gate.figure()).isNull();
        assertThat(gate.detail()).isEqualTo("coverage.xml is not valid");
    }

    @Test
    void givenAnAbsentCoverageReport_whenEvaluated_thenItFails() {
        assertThat(CoverageGate.evaluate(new ReportRead.Absent<>("none"), 80.0).passed()).isFalse();
    }

    @Test
    void givenPassingTestsAndExitZero_whenEvaluated_thenTheTestsGatePasses() {
        GateResult gate = TestsGate.evaluate(0, new ReportRead.Found<>(new TestCounts(212, 0, 3), "1 file"));

        assertThat(gate).isEqualTo(new GateResult("tests", true, 0.0, 0.0, "failed tests",
                "212 passed, 0 failed, 3 skipped"));
    }

    @Test
    void givenAFailedTest_whenEvaluated_thenTheTestsGateFailsWithTheCount() {
        GateResult gate = TestsGate.evaluate(1, new ReportRead.Found<>(new TestCounts(2, 1, 0), "1 file"));

        assertThat(gate.passed()).isFalse();
        assertThat(gate.figure()).isEqualTo(1.0);
    }

    @Test
    void givenCleanReportsButANonZeroExit_whenEvaluated_thenTheTestsGateFails() {
        GateResult gate = TestsGate.evaluate(2, new ReportRead.Found<>(new TestCounts(3, 0, 0), "1 file"));

        assertThat(gate.passed()).isFalse();
        assertThat(gate.detail()).contains("exited 2");
    }

    @Test
    void givenNoTestReports_whenEvaluated_thenTheTestsGateFailsAndCountsAreNull() {
        ReportRead<TestCounts> absent = new ReportRead.Absent<>("no JUnit XML reports");

        GateResult gate = TestsGate.evaluate(1, absent);

        assertThat(gate.passed()).isFalse();
        assertThat(gate.detail()).isEqualTo("the test command exited 1; no JUnit XML reports");
        assertThat(TestsGate.counts(absent)).isNull();
    }

    @Test
    void givenTheFullCommitSha_whenTheTagIsChecked_thenItPasses() {
        String sha = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

        assertThat(ImageTagGate.evaluate(sha, sha).passed()).isTrue();
    }

    @Test
    void givenLatestOrAShortSha_whenTheTagIsChecked_thenItFails() {
        String sha = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

        assertThat(ImageTagGate.evaluate("latest", sha).passed()).isFalse();
        assertThat(ImageTagGate.evaluate("9f2c1e4", sha).passed()).isFalse();
        assertThat(ImageTagGate.evaluate("1".repeat(40), sha).detail()).contains("is not the commit built");
    }

    @Test
    void givenAnImageWhoseTagIsAnotherCommit_whenTheImageTagGateEvaluatesIt_thenItFails() {
        String built = "3".repeat(40);
        String other = "4".repeat(40);

        GateResult gate = ImageTagGate.forImage("localhost/gitops/shop:" + other, built);

        assertThat(gate.passed()).isFalse();
        assertThat(gate.detail()).contains(other, "is not the commit built (" + built + ")");
        assertThat(ImageTagGate.forImage("127.0.0.1:5000/acme/shop:" + built, built).passed()).isTrue();
        assertThat(ImageTagGate.forImage("127.0.0.1:5000/acme/shop", built).passed()).isFalse();
        assertThat(ImageTagGate.forImage("acme/shop@sha256:" + "a".repeat(64), built).passed()).isFalse();
        assertThat(ImageTagGate.forImage(null, built).passed()).isFalse();
    }

    @Test
    void givenSastNone_whenReported_thenItIsAVisiblePassedOptOut() {
        assertThat(SastOptOut.result()).isEqualTo(new GateResult("sast", true, null, null, null,
                "opted out: sast: none"));
    }

    @Test
    void givenANonZeroExit_whenTheExitStatusGateIsEvaluated_thenItFailsNamingTheCommand() {
        GateResult gate = ExitStatusGate.evaluate("lint", "mvn   -q\nvalidate", 3);

        assertThat(gate.passed()).isFalse();
        assertThat(gate.detail()).isEqualTo("'mvn -q validate' exited 3");
    }
}
