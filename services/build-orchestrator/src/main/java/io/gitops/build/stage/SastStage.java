package io.gitops.build.stage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.gate.ExitStatusGate;
import io.gitops.build.gate.Gates;
import io.gitops.build.gate.SastOptOut;
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
    private final List<String> reportTaskPaths;
    private final Optional<String> sonarUrl;
    private final Optional<String> sonarToken;

    public SastStage(SonarQubeGate sonar, List<String> reportTaskPaths, Optional<String> sonarUrl,
                     Optional<String> sonarToken) {
        this.sonar = sonar;
        this.reportTaskPaths = List.copyOf(reportTaskPaths);
        this.sonarUrl = sonarUrl;
        this.sonarToken = sonarToken;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult run(StageContext context) {
        if (context.spec().app().pipeline().sastDisabled()) {
            return StageResult.Success.of(List.of(SastOptOut.result()), null, null);
        }
        String command = context.command(NAME);
        if (command.isEmpty()) {
            GateResult gate = Gates.failed(Gates.SAST, "sast: sonarqube needs a scanner command "
                    + "(pipeline.stages.sast), or opt out with sast: none");
            return new StageResult.PermanentFailure(gate.detail(), List.of(gate), null, null);
        }
        Map<String, String> env = new HashMap<>();
        sonarUrl.ifPresent(u -> env.put("SONAR_HOST_URL", u));
        sonarToken.ifPresent(t -> env.put("SONAR_TOKEN", t));
        CommandResult result = Commands.run(context, NAME, command, reportTaskPaths, env);
        if (!(result instanceof CommandResult.Exited exited)) {
            return Commands.notExited(NAME, result);
        }
        if (exited.exitCode() != 0) {
            GateResult gate = ExitStatusGate.evaluate(Gates.SAST, command, exited.exitCode());
            return new StageResult.PermanentFailure("the SonarQube scanner failed: " + gate.detail(), List.of(gate),
                    null, exited.outputTail());
        }
        Outcome<GateResult> evaluated = sonar.evaluate(exited.reportRoot());
        if (evaluated instanceof Outcome.TransientFailure<GateResult> t) {
            return new StageResult.TransientFailure(t.reason(), exited.outputTail());
        }
        if (evaluated instanceof Outcome.PermanentFailure<GateResult> p) {
            GateResult gate = Gates.failed(Gates.SAST, p.reason());
            return new StageResult.PermanentFailure(p.reason(), List.of(gate), null, exited.outputTail());
        }
        GateResult gate = ((Outcome.Success<GateResult>) evaluated).value();
        return gate.passed() ? StageResult.Success.of(List.of(gate), null, exited.outputTail())
                : new StageResult.PermanentFailure(gate.detail(), List.of(gate), null, exited.outputTail());
    }
}
