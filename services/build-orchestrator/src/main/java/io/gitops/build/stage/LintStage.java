package io.gitops.build.stage;

import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.gate.ExitStatusGate;
import io.gitops.build.gate.Gates;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;

/** {@code lint}: the app's lint command must exit 0. An empty command skips the stage, visibly. */
public final class LintStage implements Stage {

    public static final String NAME = "lint";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<StageReport> run(StageContext context) {
        String command = context.command(NAME);
        if (command.isEmpty()) {
            return StageReport.skipped("no lint command in app.yaml (pipeline.stages.lint is empty)");
        }
        CommandResult result = Commands.run(context, NAME, command, List.of(), Map.of());
        if (!(result instanceof CommandResult.Exited exited)) {
            return Commands.notExited(NAME, result);
        }
        GateResult gate = ExitStatusGate.evaluate(Gates.LINT, command, exited.exitCode());
        return gate.passed() ? StageReport.passed(List.of(gate), null, exited.outputTail())
                : StageReport.failed("lint failed: " + gate.detail(), List.of(gate), null,
                exited.outputTail());
    }
}
