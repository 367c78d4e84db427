package io.gitops.health.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A revision to judge: what the sync engine applied ({@code sync.succeeded} with changes) or restored
 * ({@code sync.rolled-back}), or a watch taken over after a restart.
 *
 * @param images           the image references of the revision's workloads
 * @param sourceCommit     the source commit of the deployed tag, when known
 * @param sourceCommitTime the source commit's time (DORA lead time starts here), when known
 * @param requestedAt      when the sync engine applied it (rollout duration starts here)
 * @param causeEventId     id of the event that asked for the watch; verdict ids derive from it
 * @param correlationId    the chain's correlation id (source commit), for the events
 */
public record RolloutRequest(AppEnv appEnv, String namespace, String revision, List<String> images,
                             String sourceCommit, Instant sourceCommitTime, Instant requestedAt, Cause cause,
                             String causeEventId, String correlationId, HealthSettings health) {

    /** Why the revision is being watched. */
    public enum Cause {
        /** A change applied by the sync engine: counts for deployment frequency, lead time and change failures. */
        APPLIED,
        /** The last healthy revision re-applied after a failure: its health ends the time to restore. */
        RESTORED
    }

    public RolloutRequest {
        Objects.requireNonNull(appEnv, "appEnv");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(causeEventId, "causeEventId");
        Objects.requireNonNull(health, "health");
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** The tag of the application's own image in this revision (see {@link ImageRefs#appTag}). */
    public String appImageTag() {
        return ImageRefs.appTag(appEnv.app(), images);
    }

    /** The first 7 characters of the revision, for messages. */
    public String shortRevision() {
        return revision.length() > 7 ? revision.substring(0, 7) : revision;
    }
}
