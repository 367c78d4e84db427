package io.gitops.build.exec;

/**
 * Runs stage commands somewhere: as local processes ({@code local}) or as one Kubernetes Job per stage
 * ({@code kubernetes}), or follows what GitHub Actions reports ({@code github-actions}). The commit is always checked out
 * locally as well: the orchestrator reads the Dockerfile (policy gate) and, unless the executor
 * {@link #buildsImages() builds images} itself, builds the image from it.
 */
public interface StageExecutor extends AutoCloseable {

    /** The name app.yaml uses ({@code pipeline.executor}). */
    String name();

    /**
     * Runs the command and waits for it (bounded by its timeout). A thread interrupt (service shutdown) ends the
     * command and returns {@link CommandResult.NotRun} with {@code retryable} true.
     */
    CommandResult run(CommandSpec spec);

    /**
     * True when the image is built and pushed where the stages run (GitHub Actions, the kubernetes executor's build
     * Job), not by the orchestrator.
     */
    default boolean buildsImages() {
        return false;
    }

    /** Ends everything still running (service shutdown). */
    @Override
    void close();
}
