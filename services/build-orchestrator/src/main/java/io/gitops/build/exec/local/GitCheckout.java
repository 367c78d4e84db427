package io.gitops.build.exec.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Checks one commit out into a fresh directory with JGit: fetch the branch, then the commit itself if the branch no
 * longer contains it; a commit found in neither is a permanent failure ("does not exist"), an unreachable remote a
 * transient one.
 */
public final class GitCheckout {

    private final Optional<CredentialsProvider> credentials;
    private final Duration timeout;

    public GitCheckout(Optional<String> username, Optional<String> password, Duration timeout) {
        this.credentials = password.filter(p -> !p.isBlank())
                .map(p -> new UsernamePasswordCredentialsProvider(username.orElse("x-access-token"), p));
        this.timeout = timeout;
    }

    /** The checked-out commit's time. */
    public record Checkout(Path directory, Instant commitTime) {
    }

    public Outcome<Checkout> checkout(String url, String branch, String commit, Path directory) {
        ObjectId id;
        try {
            id = ObjectId.fromString(commit);
        } catch (IllegalArgumentException e) {
            return Outcome.permanent("'" + commit + "' is not a commit SHA");
        }
        deleteRecursively(directory);
        try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("gitops-build").call()) {
            String branchSpec = "+refs/heads/" + branch + ":refs/remotes/origin/" + branch;
            try {
                // Usually the commit is the branch tip: one shallow fetch is enough.
                fetch(git, url, branchSpec, 1);
                if (!has(git, id)) {
                    fetch(git, url, branchSpec, 0);
                }
            } catch (TransportException e) {
                if (!isMissingRef(e)) {
                    throw e;
                }
            }
            if (!has(git, id)) {
                try {
                    fetch(git, url, commit, 0);
                } catch (TransportException e) {
                    if (!isMissingRef(e) && !String.valueOf(e.getMessage()).contains("not our ref")
                            && !String.valueOf(e.getMessage()).contains("not valid")) {
                        throw e;
                    }
                }
            }
            if (!has(git, id)) {
                return Outcome.permanent("commit " + commit + " does not exist in " + redact(url) + " (branch "
                        + branch + ")");
            }
            git.checkout().setName(commit).setForced(true).call();
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                RevCommit revCommit = walk.parseCommit(id);
                return Outcome.success(new Checkout(directory,
                        Instant.ofEpochSecond(revCommit.getCommitTime())));
            }
        } catch (InvalidRemoteException e) {
            return Outcome.permanent("repository " + redact(url) + " does not exist: " + e.getMessage());
        } catch (TransportException e) {
            return Transience.failure("cannot fetch from " + redact(url) + ": " + e.getMessage(), e);
        } catch (GitAPIException | IOException e) {
            return Transience.failure("checkout of " + commit + " failed: " + e.getMessage(), e);
        }
    }

    private void fetch(Git git, String url, String refSpec, int depth) throws GitAPIException {
        var fetch = git.fetch().setRemote(url).setRefSpecs(new RefSpec(refSpec))
                .setTimeout((int) Math.max(1, timeout.toSeconds()));
        if (depth > 0) {
            fetch.setDepth(depth);
        } else if (git.getRepository().getDirectory().toPath().resolve("shallow").toFile().exists()) {
            fetch.setUnshallow(true);
        }
        credentials.ifPresent(fetch::setCredentialsProvider);
        fetch.call();
    }

    private static boolean isMissingRef(TransportException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Remote does not have") || message.contains("not found")
                || message.contains("couldn't find remote ref");
    }

    private static boolean has(Git git, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            walk.parseCommit(id);
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }

    /** Never shows user info (a token) of a URL. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("//[^/@]+@", "//");
    }

    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
