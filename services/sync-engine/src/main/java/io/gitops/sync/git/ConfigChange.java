package io.gitops.sync.git;

import java.time.Instant;

/**
 * What the config commit that last changed an (app, env) says about it, from its trailers (written by the
 * config-bumper): the image tag, the source commit and its time, and whether it was a bump or a revert. Every field
 * may be null (a commit made by a person carries no trailers).
 */
public record ConfigChange(String configCommit, String tag, String sourceCommit, Instant sourceCommitTime,
                           String cause) {

    public static final ConfigChange NONE = new ConfigChange(null, null, null, null, null);
}
