package io.gitops.build.stage;

import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.kit.Outcome;

/** Runs a stage command through the app's executor and turns the ways it can end without exiting into results. */
final class Commands {

    private Commands() {
    }

    static CommandResult run(StageContext context, String stage, String command, List<String> collect,
                             Map<String, String> extraEnv) {
        java.util.Map<String, String> env = new java.util.HashMap<>(context.env(stage));
        env.putAll(extraEnv);
        var spec = context.spec();
        return context.executor().run(new CommandSpec(stage, command, context.workspace(), context.timeout(), collect,
                env, new CommandSpec.Origin(spec.pipelineId(), spec.appName(), spec.sourceRepo(), spec.cloneUrl(),
                spec.commit(),
                spec.app().pipeline().builderImage())));
    }

    /** The result for a command that did not exit: timed out (permanent), could not run (transient or not). */
    static Outcome<StageReport> notExited(String stage, CommandResult result) {
        if (result instanceof CommandResult.TimedOut timedOut) {
            return StageReport.failed(stage + " timed out after " + timedOut.timeout().toSeconds()
                    + " s and was killed", List.of(), null, timedOut.outputTail());
        }
        CommandResult.NotRun notRun = (CommandResult.NotRun) result;
        return notRun.retryable() ? StageReport.retryable(notRun.reason(), null)
                : StageReport.failed(stage + " could not run: " + notRun.reason());
    }
}
