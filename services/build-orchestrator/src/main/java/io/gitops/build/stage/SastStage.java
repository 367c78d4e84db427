package io.gitops.build.stage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.gate.ExitStatusGate;
import io.gitops.build.gate.Gates;
import io.gitops.build.gate.SastOptOut;
import io.gitops.build.settings.SonarSettings;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;

/**
 * {@code sast}: {@code sast: none} is reported as an explicit opt-out gate; {@code sast: sonarqube} runs the scanner
 * command (with {@code SONAR_HOST_URL}/{@code SONAR_TOKEN} when configured) and then waits for SonarQube's quality
 * gate of that analysis.
 */
public final class SastStage implements Stage {

    public static final String NAME = "sast";

    private final SonarQubeGate sonar;
    private final SonarSettings settings;

    public SastStage(SonarQubeGate sonar, SonarSettings settings) {
        this.sonar = sonar;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<StageReport> run(StageContext context) {
        if (context.spec().app().pipeline().sastDisabled()) {
            return StageReport.passed(List.of(SastOptOut.result()), null, null);
        }
        String command = context.command(NAME);
        if (command.isEmpty()) {
            GateResult gate = Gates.failed(Gates.SAST, "sast: sonarqube needs a scanner command "
                    + "(pipeline.stages.sast), or opt out with sast: none");
            return StageReport.failed(gate.detail(), List.of(gate), null, null);
        }
        Map<String, String> env = new HashMap<>();
        settings.url().ifPresent(u -> env.put("SONAR_HOST_URL", u));
        settings.token().ifPresent(t -> env.put("SONAR_TOKEN", t));
        CommandResult result = Commands.run(context, NAME, command, settings.reportTaskPaths(), env);
        if (!(result instanceof CommandResult.Exited exited)) {
            return Commands.notExited(NAME, result);
        }
        if (exited.exitCode() != 0) {
            GateResult gate = ExitStatusGate.evaluate(Gates.SAST, command, exited.exitCode());
            return StageReport.failed("the SonarQube scanner failed: " + gate.detail(), List.of(gate),
                    null, exited.outputTail());
        }
        Outcome<GateResult> evaluated = sonar.evaluate(exited.reportRoot(),
                context.spec().app().pipeline().sonarProjectKey(), context.spec().commit());
        if (evaluated instanceof Outcome.TransientFailure<GateResult> t) {
            return StageReport.retryable(t.reason(), exited.outputTail());
        }
        if (evaluated instanceof Outcome.PermanentFailure<GateResult> p) {
            GateResult gate = Gates.failed(Gates.SAST, p.reason());
            return StageReport.failed(p.reason(), List.of(gate), null, exited.outputTail());
        }
        GateResult gate = ((Outcome.Success<GateResult>) evaluated).value();
        return gate.passed() ? StageReport.passed(List.of(gate), null, exited.outputTail())
                : StageReport.failed(gate.detail(), List.of(gate), null, exited.outputTail());
    }
}
