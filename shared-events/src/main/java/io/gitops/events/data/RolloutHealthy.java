package io.gitops.events.data;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code io.gitops.rollout.healthy.v1}: every workload of {@code revision} was updated and available and stayed so
 * for the app's {@code minStableSeconds}. {@code leadTimeMs} runs from the source commit's time to now.
 */
public record RolloutHealthy(
        String app,
        String env,
        String namespace,
        String revision,
        List<String> images,
        String imageTag,
        String sourceCommit,
        long rolloutMs,
        Long leadTimeMs,
        Instant healthyAt) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return EventData.appEnv(app, env);
    }
}
