package io.gitops.build.exec.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.StageExecutor;

/** Runs stage commands as local processes ({@code bash -c}) in the pipeline's workspace. */
public final class LocalExecutor implements StageExecutor {

    public static final String NAME = "local";

    private final ProcessRunner runner;

    public LocalExecutor(int outputTailBytes) {
        this.runner = new ProcessRunner(outputTailBytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        Map<String, String> env = new HashMap<>(spec.env());
        ProcessRunner.Result result = runner.run(List.of("bash", "-c", spec.command()), spec.workspace(), env,
                spec.timeout());
        if (result instanceof ProcessRunner.Exited exited) {
            return new CommandResult.Exited(exited.exitCode(), exited.outputTail(), spec.workspace(), exited.duration());
        }
        if (result instanceof ProcessRunner.TimedOut timedOut) {
            return new CommandResult.TimedOut(spec.timeout(), timedOut.outputTail());
        }
        if (result instanceof ProcessRunner.Interrupted) {
            return new CommandResult.NotRun("interrupted (service stopping)", true);
        }
        return new CommandResult.NotRun(((ProcessRunner.FailedToStart) result).reason(), false);
    }

    @Override
    public void close() {
        runner.killAll();
    }
}
