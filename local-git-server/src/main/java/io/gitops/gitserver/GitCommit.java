package io.gitops.gitserver;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One commit as seen by tests and push notifications.
 *
 * <p>The changed paths are relative to the first parent (or to the empty tree for a root commit), without rename
 * detection: a rename is one removed and one added path.
 *
 * @param sha       the commit id
 * @param treeSha   the id of the commit's tree
 * @param message   the full commit message
 * @param author    the author
 * @param committer the committer
 * @param timestamp the author date with the author's UTC offset
 * @param parents   the parent ids, first parent first
 * @param added     paths added by this commit, sorted
 * @param modified  paths modified by this commit, sorted
 * @param removed   paths removed by this commit, sorted
 */
public record GitCommit(
        String sha,
        String treeSha,
        String message,
        GitIdentity author,
        GitIdentity committer,
        OffsetDateTime timestamp,
        List<String> parents,
        List<String> added,
        List<String> modified,
        List<String> removed) {

    public GitCommit {
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(treeSha, "treeSha");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(timestamp, "timestamp");
        parents = List.copyOf(parents);
        added = List.copyOf(added);
        modified = List.copyOf(modified);
        removed = List.copyOf(removed);
    }

    /** The first line of the message. */
    public String subject() {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Every added, modified or removed path, sorted. */
    public List<String> changedPaths() {
        TreeSet<String> all = new TreeSet<>(added);
        all.addAll(modified);
        all.addAll(removed);
        return List.copyOf(all);
    }
}
