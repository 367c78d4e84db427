package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.rollout.failed.v1}: the rollout of {@code revision} failed; it was halted (paused) before this
 * verdict was published. {@code lastHealthyRevision}/{@code lastHealthyTag} name what to go back to (null when the
 * app never was healthy).
 */
public record RolloutFailed(
        String app,
        String env,
        String namespace,
        String revision,
        List<String> images,
        String failedTag,
        RolloutFailureReason reason,
        String message,
        String workload,
        boolean halted,
        String lastHealthyRevision,
        String lastHealthyTag,
        long rolloutMs,
        Instant failedAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
