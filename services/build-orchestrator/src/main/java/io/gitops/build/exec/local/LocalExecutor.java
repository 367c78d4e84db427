package io.gitops.build.exec.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.SecretMask;
import io.gitops.build.exec.StageExecutor;

/**
 * Runs stage commands as local processes ({@code bash -c}) in the pipeline's workspace, each in its own process
 * group killed with everything it started when the command ends or times out ({@link ProcessRunner}). The
 * environment is built from an allowlist, never the orchestrator's ({@link ProcessEnvironment#stage}): the
 * inherited base, {@code TMPDIR} = {@code <pipelines-root>/<pipelineId>/tmp}, and the stage's own variables (which
 * include the credentials the stage is meant to have, e.g. {@code SONAR_TOKEN} of the sast command). Output is
 * masked ({@link SecretMask}). This is isolation against accidents, not against hostile code (a command runs as the
 * orchestrator's user on its machine): production runs stages with the {@code kubernetes} executor.
 */
public final class LocalExecutor implements StageExecutor {

    public static final String NAME = "local";

    private final ProcessRunner runner;
    private final Path pipelinesRoot;

    /**
     * An executor without masking, its commands inheriting only the base variables, their temporary directories
     * under java.io.tmpdir.
     */
    public LocalExecutor(int outputTailBytes) {
        this(outputTailBytes, SecretMask.none(), ProcessEnvironment.stage(System.getenv(), List.of()),
                Path.of(System.getProperty("java.io.tmpdir"), "gitops-stages"));
    }

    /**
     * @param inherited     what every command starts with besides its stage's variables
     *                      ({@link ProcessEnvironment#stage})
     * @param pipelinesRoot where each pipeline's directory for its stage commands is made (the pipelines' scratch
     *                      root in production, deleted with each pipeline)
     */
    public LocalExecutor(int outputTailBytes, SecretMask mask, Map<String, String> inherited, Path pipelinesRoot) {
        this.runner = new ProcessRunner(outputTailBytes, mask, inherited);
        this.pipelinesRoot = pipelinesRoot;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        Map<String, String> env = new HashMap<>(spec.env());
        String pipeline = spec.origin() == null ? spec.workspace().getFileName().toString()
                : spec.origin().pipelineId();
        Path tmp = pipelinesRoot.resolve(Path.of(pipeline).getFileName()).resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            return new CommandResult.NotRun("cannot create " + tmp + ": " + e.getMessage(), true);
        }
        env.put("TMPDIR", tmp.toString());
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
