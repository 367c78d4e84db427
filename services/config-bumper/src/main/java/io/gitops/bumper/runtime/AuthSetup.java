package io.gitops.bumper.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;

import io.gitops.bumper.git.FileTokenSource;
import io.gitops.bumper.git.GitAuth;
import io.gitops.bumper.github.GitHubAppTokens;
import io.gitops.bumper.github.GitHubPullRequests;
import io.gitops.bumper.github.PemKeys;
import io.gitops.bumper.github.PullRequests;

/**
 * Chooses how to authenticate, in this order: a GitHub App (app id, installation id, private key file), a token file,
 * HTTP basic (username with password or password file), nothing. Secrets are read from files or the environment and
 * never logged; {@link #describe(GitAuth)} names the kind only.
 */
public final class AuthSetup {

    private AuthSetup() {
    }

    static GitAuth gitAuth(BumperConfig config, HttpClient http, Clock clock) {
        BumperConfig.GitHub github = config.github();
        if (github.appId().isPresent() || github.installationId().isPresent() || github.privateKeyFile().isPresent()) {
            if (github.appId().isEmpty() || github.installationId().isEmpty() || github.privateKeyFile().isEmpty()) {
                throw new IllegalStateException("a GitHub App needs gitops.bumper.github.app-id, installation-id and "
                        + "private-key-file together");
            }
            return new GitAuth.Token(new GitHubAppTokens(http, github.apiUrl(), github.appId().get(),
                    github.installationId().get(), PemKeys.rsaPrivateKey(read(github.privateKeyFile().get())), clock,
                    github.tokenRefreshBefore(), github.timeout()));
        }
        BumperConfig.Git git = config.git();
        if (git.tokenFile().isPresent()) {
            return new GitAuth.Token(new FileTokenSource(git.tokenFile().get()));
        }
        if (git.username().isPresent()) {
            Optional<String> password = git.password().or(() -> git.passwordFile().map(AuthSetup::read).map(String::strip));
            if (password.isEmpty() || password.get().isEmpty()) {
                throw new IllegalStateException("gitops.bumper.git.username needs git.password or git.password-file");
            }
            return new GitAuth.Basic(git.username().get(), password.get());
        }
        return new GitAuth.Anonymous();
    }

    /** The pull request client, when a GitHub repository and a token are configured. */
    static PullRequests pullRequests(BumperConfig config, GitAuth auth, HttpClient http) {
        if (config.github().repository().isEmpty() || auth.apiToken().isEmpty()) {
            return null;
        }
        return new GitHubPullRequests(http, config.github().apiUrl(), config.github().repository().get(),
                auth.apiToken().get(), config.github().timeout());
    }

    static String describe(GitAuth auth) {
        if (auth instanceof GitAuth.Basic basic) {
            return "HTTP basic as " + basic.username();
        }
        if (auth instanceof GitAuth.Token token) {
            return token.tokens() instanceof GitHubAppTokens ? "GitHub App installation token" : "token file";
        }
        return "anonymous";
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
