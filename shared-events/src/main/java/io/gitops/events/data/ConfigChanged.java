package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.config.changed.v1}: the configuration repository holds a new desired state for (app, env):
 * published only after the push succeeded, or after the pull request was opened ({@code pullRequestUrl} set and
 * {@code commit} being the head of the PR branch, not yet on {@code branch}).
 */
public record ConfigChanged(
        String app,
        String env,
        String repo,
        String branch,
        String commit,
        String previousCommit,
        String oldTag,
        String newTag,
        ChangeCause cause,
        String pullRequestUrl,
        String sourceCommit,
        Instant sourceCommitTime,
        String pipelineId,
        String quarantinedTag,
        Instant changedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
