package io.gitops.build.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.gate.CoverageGate;
import io.gitops.build.gate.TestsGate;
import io.gitops.build.report.CoverageReport;
import io.gitops.build.report.CoverageReports;
import io.gitops.build.report.JUnitReports;
import io.gitops.build.report.ReportRead;
import io.gitops.config.PipelineConfig;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.TestCounts;
import io.gitops.kit.Outcome;

/**
 * {@code test}: runs the test command, then two gates: tests (exit status and JUnit XML counts) and line coverage
 * (JaCoCo, Cobertura or LCOV) at least the app's threshold.
 */
public final class TestStage implements Stage {

    public static final String NAME = "test";

    private final JUnitReports junit;
    private final CoverageReports coverage;

    public TestStage(JUnitReports junit, CoverageReports coverage) {
        this.junit = junit;
        this.coverage = coverage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<StageReport> run(StageContext context) {
        PipelineConfig pipeline = context.spec().app().pipeline();
        String command = context.command(NAME);
        if (command.isEmpty()) {
            return StageReport.failed("no test command in app.yaml (pipeline.stages.test is empty): "
                    + "the tests and coverage gates cannot be evaluated");
        }
        List<String> collect = new ArrayList<>(pipeline.coverageReports());
        collect.add(pipeline.testReports());
        CommandResult result = Commands.run(context, NAME, command, collect, Map.of());
        if (!(result instanceof CommandResult.Exited exited)) {
            return Commands.notExited(NAME, result);
        }
        ReportRead<TestCounts> tests = junit.read(exited.reportRoot(), pipeline.testReports());
        ReportRead<CoverageReport> lines = coverage.read(exited.reportRoot(), pipeline.coverageReports());
        GateResult testsGate = TestsGate.evaluate(exited.exitCode(), tests);
        GateResult coverageGate = CoverageGate.evaluate(lines, pipeline.coverageThreshold());
        List<GateResult> gates = List.of(testsGate, coverageGate);
        TestCounts counts = TestsGate.counts(tests);
        if (!testsGate.passed()) {
            return StageReport.failed("tests gate failed: " + testsGate.detail(), gates, counts,
                    exited.outputTail());
        }
        if (!coverageGate.passed()) {
            return StageReport.failed("coverage gate failed: " + coverageGate.detail(), gates, counts,
                    exited.outputTail());
        }
        return StageReport.passed(gates, counts, exited.outputTail());
    }
}
