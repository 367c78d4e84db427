package io.gitops.bumper.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import io.gitops.bumper.github.GitHubAppTokens;
import io.gitops.bumper.github.GitHubPullRequests;
import io.gitops.kit.github.PemKeys;
import io.gitops.bumper.github.PullRequests;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitSecret;
import io.gitops.kit.git.TokenSource;

/**
 * Chooses how to authenticate, in this order: a GitHub App (app id, installation id, private key file) whose
 * installation tokens are the kit's {@link TokenSource}, else the repository's credentials by the kit's one rule
 * ({@link GitCredentials#from}: {@code repo.token}/{@code token-file}, or {@code repo.username} with
 * {@code password}/{@code password-file}, or none). Secrets are read from files or the environment and never logged;
 * the description names the kind only.
 */
final class AuthSetup {

    private AuthSetup() {
    }

    static BumperAuth auth(BumperConfig config, HttpClient http, Clock clock) {
        BumperConfig.GitHub github = config.github();
        if (github.appId().isPresent() || github.installationId().isPresent() || github.privateKeyFile().isPresent()) {
            if (github.appId().isEmpty() || github.installationId().isEmpty() || github.privateKeyFile().isEmpty()) {
                throw new IllegalStateException("a GitHub App needs gitops.bumper.github.app-id, installation-id and "
                        + "private-key-file together");
            }
            TokenSource tokens = new GitHubAppTokens(http, github.apiUrl(), github.appId().get(),
                    github.installationId().get(), PemKeys.rsaPrivateKey(read(github.privateKeyFile().get())), clock,
                    github.tokenRefreshBefore(), github.timeout());
            return new BumperAuth(GitCredentials.token(tokens), Optional.of(tokens), "GitHub App installation token");
        }
        GitCredentials credentials;
        try {
            credentials = GitCredentials.from(config.repo());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gitops.bumper.repo: " + e.getMessage(), e);
        }
        if (credentials instanceof GitCredentials.Token token) {
            boolean file = token.token() instanceof GitSecret.FromFile;
            return new BumperAuth(credentials, Optional.of(tokensOf(token.token())), file ? "token file" : "token");
        }
        if (credentials instanceof GitCredentials.Basic basic) {
            return new BumperAuth(credentials, Optional.empty(), "HTTP basic as " + basic.user());
        }
        return new BumperAuth(credentials, Optional.empty(), "anonymous");
    }

    /** The pull request client, when a GitHub repository and a token are configured. */
    static PullRequests pullRequests(BumperConfig config, BumperAuth auth, HttpClient http) {
        if (config.github().repository().isEmpty() || auth.apiToken().isEmpty()) {
            return null;
        }
        return new GitHubPullRequests(http, config.github().apiUrl(), config.github().repository().get(),
                auth.apiToken().get(), config.github().timeout());
    }

    /** A token secret (inline or a file re-read on every use) as the API's bearer tokens. */
    private static TokenSource tokensOf(GitSecret secret) {
        return new TokenSource() {
            @Override
            public String token() {
                return secret.reveal();
            }

            @Override
            public void invalidate() {
                secret.invalidate();
            }

            @Override
            public String toString() {
                return "TokenSource[" + secret + "]";
            }
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
