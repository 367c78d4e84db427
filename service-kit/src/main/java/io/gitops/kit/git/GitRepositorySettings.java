package io.gitops.kit.git;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * One Git repository and how to reach it, validated: what {@link GitClient} works with, built from a
 * {@link GitRepositoryConfig} or directly (tests, non-Quarkus code).
 *
 * <p>The constructor guarantees a URL with no user info (credentials belong in {@link #credentials()}) whose scheme is
 * {@code http}, {@code https} or {@code file}, a valid branch name and a positive timeout. The factories also refuse
 * {@code file} URLs unless {@code allowFileUrls} is set (tests), so production configuration reaches a real remote.
 *
 * @param url         clone URL
 * @param branch      the branch read, committed to and pushed
 * @param name        how events name the repository ({@code owner/name})
 * @param credentials how to authenticate
 * @param timeout     bound on connecting and on each wait for the remote
 */
public record GitRepositorySettings(String url, String branch, String name, GitCredentials credentials,
        Duration timeout) {

    /** The default of {@link GitRepositoryConfig#timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public GitRepositorySettings {
        GitUrls.requireValid(url, true);
        url = url.strip();
        Objects.requireNonNull(branch, "branch");
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new IllegalArgumentException("'" + branch + "' is not a valid Git branch name");
        }
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Git timeout must be positive, was " + timeout);
        }
        name = name == null || name.isBlank() ? GitUrls.repositoryName(url) : name.strip();
    }

    /** Settings for an http(s) remote; {@code name} defaults to {@code owner/name} of the URL. */
    public static GitRepositorySettings of(String url, String branch, Optional<String> name,
            GitCredentials credentials, Duration timeout) {
        return of(url, branch, name, credentials, timeout, false);
    }

    /** Like {@link #of(String, String, Optional, GitCredentials, Duration)}, accepting {@code file} URLs if asked. */
    public static GitRepositorySettings of(String url, String branch, Optional<String> name,
            GitCredentials credentials, Duration timeout, boolean allowFileUrls) {
        GitUrls.requireValid(url, allowFileUrls);
        return new GitRepositorySettings(url, branch, name.orElse(null), credentials, timeout);
    }

    /** The validated settings of a configuration group (http(s) remotes only). */
    public static GitRepositorySettings from(GitRepositoryConfig config) {
        return from(config, false);
    }

    /** Like {@link #from(GitRepositoryConfig)}, accepting {@code file} URLs if asked. */
    public static GitRepositorySettings from(GitRepositoryConfig config, boolean allowFileUrls) {
        return of(config.url(), config.branch(), config.name(), GitCredentials.from(config), config.timeout(),
                allowFileUrls);
    }

    /** The same repository on another branch. */
    public GitRepositorySettings withBranch(String otherBranch) {
        return new GitRepositorySettings(url, otherBranch, name, credentials, timeout);
    }

    /** The same repository reached with other credentials (e.g. a GitHub App's installation tokens). */
    public GitRepositorySettings withCredentials(GitCredentials otherCredentials) {
        return new GitRepositorySettings(url, branch, name, otherCredentials, timeout);
    }

    /** The same repository with another timeout. */
    public GitRepositorySettings withTimeout(Duration otherTimeout) {
        return new GitRepositorySettings(url, branch, name, credentials, otherTimeout);
    }

    /** Whether {@code repository} ({@code owner/name}, as a webhook names it) is this repository, ignoring case. */
    public boolean isNamed(String repository) {
        return repository != null && name.equalsIgnoreCase(repository.strip());
    }

    /** The URL without user info or query, for logs. */
    public String displayUrl() {
        return GitUrls.display(url);
    }

    /** JGit's timeout in whole seconds, at least one. */
    int timeoutSeconds() {
        long seconds = timeout.toSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }
}
