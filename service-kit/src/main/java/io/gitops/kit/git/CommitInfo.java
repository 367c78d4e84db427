package io.gitops.kit.git;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** One commit as read from the history: immutable, usable after the client is closed. */
public record CommitInfo(ObjectId id, List<ObjectId> parents, PersonIdent author, PersonIdent committer,
        Instant commitTime, String message) {

    public CommitInfo {
        Objects.requireNonNull(id, "id");
        parents = List.copyOf(parents);
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(message, "message");
    }

    static CommitInfo of(RevCommit commit) {
        return new CommitInfo(commit.copy(), List.of(commit.getParents()).stream().map(RevCommit::copy).toList(),
                commit.getAuthorIdent(), commit.getCommitterIdent(), Instant.ofEpochSecond(commit.getCommitTime()),
                commit.getFullMessage());
    }

    /** The 40-hex id. */
    public String name() {
        return id.name();
    }
}
