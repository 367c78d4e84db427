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
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.GitRepositorySettings;

/**
 * Checks one commit of an application repository out into a fresh directory with the kit's
 * {@link GitClient#checkout} (the branch tip shallowly, then the branch, then the commit by id): a commit found
 * nowhere, refused credentials or an invalid URL are permanent failures, an unreachable remote a transient one.
 * The URL must pass the {@link CloneUrlPolicy} first (refused: a permanent failure naming it, nothing is fetched);
 * the credentials go only where the policy says.
 */
public final class GitCheckout {

    private final GitCredentials credentials;
    private final Duration timeout;
    private final CloneUrlPolicy policy;

    public GitCheckout(GitCredentials credentials, Duration timeout, CloneUrlPolicy policy) {
        this.credentials = credentials;
        this.timeout = timeout;
        this.policy = policy;
    }

    /** The checked-out commit's time. */
    public record Checkout(Path directory, Instant commitTime) {
    }

    public Outcome<Checkout> checkout(String url, String branch, String commit, Path directory) {
        CloneUrlPolicy.Decision decision = policy.decide(url);
        if (decision instanceof CloneUrlPolicy.Refused refused) {
            return Outcome.permanent(refused.reason());
        }
        CloneUrlPolicy.Accepted accepted = (CloneUrlPolicy.Accepted) decision;
        GitRepositorySettings repository;
        try {
            repository = GitRepositorySettings.of(url, branch, Optional.of(url),
                    accepted.withCredentials() ? credentials : GitCredentials.none(), timeout, accepted.fileUrl());
        } catch (IllegalArgumentException e) {
            return Outcome.permanent("cannot check out " + GitClient.displayUrl(url) + " (branch " + branch + "): "
                    + e.getMessage());
        }
        try {
            io.gitops.kit.git.Checkout done = GitClient.checkout(repository, commit, directory);
            return Outcome.success(new Checkout(done.directory(), done.commitTime()));
        } catch (GitException e) {
            return Transience.failure(e.getMessage(), e);
        }
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
