package io.gitops.bumper.commit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.gitops.kit.git.CommitInfo;
import io.gitops.kit.git.GitClient;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The newest build (source commit time) bumped to each app/env, read from the trailers of the bumper's commits on the
 * config branch: the recent history once, then only the commits new since the last update (cheap: no tree diffs).
 * Reverts carry no build time and leave it as it is.
 */
public final class BuildIndex implements BuildHistory {

    private final GitClient git;
    private final String committerEmail;
    private final int depth;
    private final Map<String, Instant> newest = new HashMap<>();
    private ObjectId indexed;

    public BuildIndex(GitClient git, String committerEmail, int depth) {
        this.git = git;
        this.committerEmail = committerEmail;
        this.depth = depth;
    }

    /** Reads the bumper commits reachable from {@code head} that were not indexed yet. */
    public void update(ObjectId head) {
        if (head.equals(indexed)) {
            return;
        }
        for (CommitInfo commit : git.logSince(head, indexed, depth)) {
            if (!committerEmail.equalsIgnoreCase(commit.committer().getEmailAddress())) {
                continue;
            }
            for (ChangeTrailers change : ChangeTrailers.parse(commit.message())) {
                if (change.sourceCommitTime() != null) {
                    newest.merge(change.app() + "/" + change.env(), change.sourceCommitTime(),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        indexed = head;
    }

    @Override
    public Optional<Instant> newestBuild(String app, String env, String valuesFile) {
        return Optional.ofNullable(newest.get(app + "/" + env));
    }
}
