package io.gitops.build.stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.gitops.build.exec.StageExecutor;
import io.gitops.build.pipeline.PipelineSpec;

/**
 * What a stage works with: the pipeline, the local checkout, a scratch directory of the pipeline (outside the
 * checkout), the executor of the app, the stage timeout and the environment given to stage commands.
 */
public record StageContext(PipelineSpec spec, Path workspace, Path scratch, StageExecutor executor, Duration timeout,
                           int attempt) {

    /** Variables every stage command sees. */
    public Map<String, String> env(String stage) {
        return Map.of("GITOPS_APP", spec.appName(), "GITOPS_COMMIT", spec.commit(), "GITOPS_PIPELINE_ID",
                spec.pipelineId(), "GITOPS_STAGE", stage, "GITOPS_IMAGE", spec.image(), "GITOPS_ATTEMPT",
                String.valueOf(attempt));
    }

    /** The command app.yaml gives the stage, or empty. */
    public String command(String stage) {
        String command = spec.app().pipeline().stages().get(stage);
        return command == null ? "" : command.strip();
    }
}
