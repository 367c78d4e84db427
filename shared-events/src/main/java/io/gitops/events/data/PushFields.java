package io.gitops.events.data;

import java.time.Instant;

/** The normalised fields of a GitHub {@code push} delivery. */
public record PushFields(
        String ref,
        String branch,
        String before,
        String after,
        boolean created,
        boolean deleted,
        boolean forced,
        Instant headCommitTime,
        String headCommitMessage,
        String pusher) {
}
