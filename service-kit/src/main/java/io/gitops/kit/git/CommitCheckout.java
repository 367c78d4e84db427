package io.gitops.kit.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * One commit of a repository checked out into a fresh directory, fetching as little as possible: the branch tip
 * shallowly (usually the commit asked for), then the whole branch, then the commit itself by id.
 */
final class CommitCheckout {

    private final GitRepositorySettings settings;

    CommitCheckout(GitRepositorySettings settings) {
        this.settings = settings;
    }

    Checkout checkout(String commit, Path directory) {
        ObjectId id;
        try {
            id = ObjectId.fromString(commit);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GitException(GitException.Kind.PERMANENT, "'" + commit + "' is not a commit SHA", e);
        }
        JGitCredentials credentials = JGitCredentials.of(settings.credentials());
        try {
            Directories.deleteRecursively(directory);
        } catch (RuntimeException e) {
            throw new GitException(GitException.Kind.PERMANENT, "cannot clear " + directory + " for the checkout of "
                    + id.name() + ": " + GitClient.messages(e), e);
        }
        try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("gitops-checkout").call()) {
            String branchSpec = "+" + Constants.R_HEADS + settings.branch() + ":" + Constants.R_REMOTES + "origin/"
                    + settings.branch();
            try {
                fetch(git, branchSpec, 1, credentials);
                if (!has(git, id)) {
                    fetch(git, branchSpec, 0, credentials);
                }
            } catch (TransportException e) {
                if (!GitClient.isMissingRef(e)) {
                    throw e;
                }
            }
            if (!has(git, id)) {
                try {
                    fetch(git, id.name(), 0, credentials);
                } catch (TransportException e) {
                    if (!GitClient.isMissingRef(e) && !refusedWant(e)) {
                        throw e;
                    }
                }
            }
            if (!has(git, id)) {
                throw new GitException(GitException.Kind.PERMANENT, "commit " + id.name() + " does not exist in "
                        + settings.displayUrl() + " (branch " + settings.branch() + ")", null);
            }
            git.checkout().setName(id.name()).setForced(true).call();
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                RevCommit parsed = walk.parseCommit(id);
                return new Checkout(directory, parsed.copy(), Instant.ofEpochSecond(parsed.getCommitTime()));
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof GitException git) {
                throw git;
            }
            throw GitClient.failure("checkout of " + id.name(), settings, e, credentials);
        }
    }

    private void fetch(Git git, String refSpec, int depth, JGitCredentials credentials) throws GitAPIException {
        var fetch = git.fetch().setRemote(settings.url()).setRefSpecs(new RefSpec(refSpec))
                .setTimeout(settings.timeoutSeconds()).setCredentialsProvider(credentials);
        if (depth > 0) {
            fetch.setDepth(depth);
        } else if (git.getRepository().getDirectory().toPath().resolve("shallow").toFile().exists()) {
            fetch.setUnshallow(true);
        }
        fetch.call();
    }

    /** A server that serves no unadvertised commits refuses the want: the commit is not reachable there. */
    private static boolean refusedWant(TransportException e) {
        String message = GitClient.messages(e);
        return message.contains("not our ref") || message.contains("not valid");
    }

    private static boolean has(Git git, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            walk.parseCommit(id);
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }
}
