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
    public StageResult run(StageContext context) {
        PipelineConfig pipeline = context.spec().app().pipeline();
        String command = context.command(NAME);
        if (command.isEmpty()) {
            return StageResult.PermanentFailure.of("no test command in app.yaml (pipeline.stages.test is empty): "
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
            return new StageResult.PermanentFailure("tests gate failed: " + testsGate.detail(), gates, counts,
                    exited.outputTail());
        }
        if (!coverageGate.passed()) {
            return new StageResult.PermanentFailure("coverage gate failed: " + coverageGate.detail(), gates, counts,
                    exited.outputTail());
        }
        return StageResult.Success.of(gates, counts, exited.outputTail());
    }
}
