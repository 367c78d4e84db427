package io.gitops.gitserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds the {@link PushNotification} for one ref update that already happened.
 *
 * <p>Commits are those the update brought to the ref: reachable from the new tip but not from the old one (for an
 * update) or from any other branch (for a new branch), oldest first. Tags and other refs carry no commit list, only
 * the head commit.
 */
final class PushNotificationFactory {

    private final String baseUrl;

    /** @param baseUrl the server's Git root URL, e.g. {@code http://127.0.0.1:8080/git} */
    PushNotificationFactory(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String cloneUrl(String fullName) {
        return baseUrl + "/" + fullName + ".git";
    }

    PushNotification create(Repository repository, String fullName, String ref, ObjectId before, ObjectId after,
            boolean forced, Optional<String> authenticatedUser) throws IOException {
        List<GitCommit> commits = new ArrayList<>();
        Optional<GitCommit> head = Optional.empty();
        if (!ObjectId.zeroId().equals(after)) {
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit tip = walk.parseCommit(after);
                head = Optional.of(CommitDescriber.describe(walk, tip));
                if (ref.startsWith(Constants.R_HEADS)) {
                    commits.addAll(newCommits(repository, walk, ref, before, tip));
                }
            }
        }
        GitIdentity committer = head.map(GitCommit::committer).orElse(new GitIdentity("anonymous", ""));
        GitIdentity pusher = authenticatedUser.map(user -> new GitIdentity(user, committer.email())).orElse(committer);
        String defaultBranch = Optional.ofNullable(repository.getBranch()).orElse("main");
        return new PushNotification(fullName, ref, before.name(), after.name(), forced, commits, head, pusher,
                cloneUrl(fullName), defaultBranch);
    }

    private static List<GitCommit> newCommits(Repository repository, RevWalk walk, String ref, ObjectId before,
            RevCommit tip) throws IOException {
        walk.reset();
        walk.sort(RevSort.TOPO);
        walk.sort(RevSort.REVERSE, true);
        walk.markStart(tip);
        if (ObjectId.zeroId().equals(before)) {
            for (Ref other : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                if (!other.getName().equals(ref) && other.getObjectId() != null) {
                    walk.markUninteresting(walk.parseCommit(other.getObjectId()));
                }
            }
        } else if (repository.getObjectDatabase().has(before)) {
            walk.markUninteresting(walk.parseCommit(before));
        }
        List<RevCommit> revisions = new ArrayList<>();
        walk.forEach(revisions::add);
        List<GitCommit> commits = new ArrayList<>();
        for (RevCommit revision : revisions) {
            commits.add(CommitDescriber.describe(walk, revision));
        }
        return commits;
    }
}
