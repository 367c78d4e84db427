package io.gitops.bumper.runtime;

import java.util.Optional;

import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.TokenSource;

/**
 * How the bumper authenticates: the kit's {@link GitCredentials} for the config repository's remote and, when they
 * are a token, the same tokens as the bearer of the GitHub REST API (pull requests).
 *
 * @param git         credentials of the Git remote
 * @param apiToken    bearer tokens for the GitHub API, when the credentials are a token
 * @param description the kind of auth, for the start-up log line (never a secret)
 */
public record BumperAuth(GitCredentials git, Optional<TokenSource> apiToken, String description) {
}
