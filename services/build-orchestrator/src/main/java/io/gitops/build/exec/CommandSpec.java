package io.gitops.build.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One stage command to run in a pipeline's workspace.
 *
 * @param stage     the stage it belongs to (names the Job, the log lines)
 * @param command   a shell command line ({@code bash -c})
 * @param workspace the local checkout of the commit
 * @param timeout   after this the command is killed and the stage fails
 * @param collect   workspace-relative files or directories the gates read afterwards (executors that run
 *                  elsewhere bring them back under {@link CommandResult.Exited#reportRoot()})
 * @param env       extra environment variables
 * @param origin    what remote executors need to get the same checkout and toolchain
 */
public record CommandSpec(String stage, String command, Path workspace, Duration timeout, List<String> collect,
                          Map<String, String> env, Origin origin) {

    /** The pipeline, where its commit is cloned from, and the image its stage commands run in (kubernetes). */
    public record Origin(String pipelineId, String app, String sourceRepo, String cloneUrl, String commit,
                         String builderImage) {
    }

    public CommandSpec {
        collect = List.copyOf(collect);
        env = Map.copyOf(env);
    }
}
