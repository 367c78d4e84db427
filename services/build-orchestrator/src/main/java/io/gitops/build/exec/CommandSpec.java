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

    /**
     * Set (to the Dockerfile's path in the checkout) when the spec is the pipeline's image build for an executor that
     * builds and pushes images itself; {@code command} is then the app's build command to run before it (or empty).
     */
    public static final String DOCKERFILE = "GITOPS_DOCKERFILE";
    /** With {@link #DOCKERFILE}: the build arguments, {@code KEY=VALUE} one a line. */
    public static final String BUILD_ARGS = "GITOPS_BUILD_ARGS";

    /** Whether this is an image build (see {@link #DOCKERFILE}). */
    public boolean imageBuild() {
        return env.containsKey(DOCKERFILE);
    }

    /** The pipeline, where its commit is cloned from, and the image its stage commands run in (kubernetes). */
    public record Origin(String pipelineId, String app, String sourceRepo, String cloneUrl, String commit,
                         String builderImage) {
    }

    public CommandSpec {
        collect = List.copyOf(collect);
        env = Map.copyOf(env);
    }
}
