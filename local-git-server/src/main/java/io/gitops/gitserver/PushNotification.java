package io.gitops.gitserver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ref update accepted by the server (a push over HTTP or an outsider commit), after the ref moved.
 *
 * @param repositoryFullName {@code owner/name}
 * @param ref                the full ref name, e.g. {@code refs/heads/main}
 * @param before             the ref's previous SHA, 40 zeros when the push created it
 * @param after              the ref's new SHA, 40 zeros when the push deleted it
 * @param forced             whether the update was not a fast-forward
 * @param commits            the commits this push brought to the ref, oldest first (empty for a deletion)
 * @param headCommit         the commit the ref now points at (empty for a deletion)
 * @param pusher             the authenticated user (else the head commit's committer) with the committer's email
 * @param cloneUrl           the HTTP clone URL of the repository
 * @param defaultBranch      the repository's default branch (its HEAD), e.g. {@code main}
 */
public record PushNotification(
        String repositoryFullName,
        String ref,
        String before,
        String after,
        boolean forced,
        List<GitCommit> commits,
        Optional<GitCommit> headCommit,
        GitIdentity pusher,
        String cloneUrl,
        String defaultBranch) {

    /** The all-zero object id Git uses for "no object". */
    public static final String ZERO_SHA = "0000000000000000000000000000000000000000";

    public PushNotification {
        Objects.requireNonNull(repositoryFullName, "repositoryFullName");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(headCommit, "headCommit");
        Objects.requireNonNull(pusher, "pusher");
        Objects.requireNonNull(cloneUrl, "cloneUrl");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        if (repositoryFullName.indexOf('/') <= 0) {
            throw new IllegalArgumentException("repositoryFullName must be owner/name, was " + repositoryFullName);
        }
        commits = List.copyOf(commits);
    }

    /** Whether the push created the ref. */
    public boolean created() {
        return ZERO_SHA.equals(before);
    }

    /** Whether the push deleted the ref. */
    public boolean deleted() {
        return ZERO_SHA.equals(after);
    }

    public String owner() {
        return repositoryFullName.substring(0, repositoryFullName.indexOf('/'));
    }

    public String name() {
        return repositoryFullName.substring(repositoryFullName.indexOf('/') + 1);
    }
}
