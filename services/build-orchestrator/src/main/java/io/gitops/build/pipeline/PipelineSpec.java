package io.gitops.build.pipeline;

import java.time.Instant;

import io.gitops.config.AppConfig;

/**
 * A pipeline to run: the application as app.yaml declares it, the commit, where to clone it from, and the webhook
 * event that caused it (causation of every event the pipeline publishes).
 */
public record PipelineSpec(String pipelineId, AppConfig app, String sourceRepo, String branch, String commit,
                           Instant commitTime, String cloneUrl, String causeEventId, String deliveryId,
                           Instant queuedAt) {

    public String appName() {
        return app.name();
    }

    /** The image reference this pipeline publishes: the app's repository, tagged with the full commit SHA. */
    public String image() {
        return app.image().repository() + ":" + commit;
    }
}
