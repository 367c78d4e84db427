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
 */
public final class GitCheckout {

    private final GitCredentials credentials;
    private final Duration timeout;

    public GitCheckout(GitCredentials credentials, Duration timeout) {
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The checked-out commit's time. */
    public record Checkout(Path directory, Instant commitTime) {
    }

    public Outcome<Checkout> checkout(String url, String branch, String commit, Path directory) {
        GitRepositorySettings repository;
        try {
            repository = GitRepositorySettings.of(url, branch, Optional.of(url), credentials, timeout, true);
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
