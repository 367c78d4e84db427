package io.gitops.kit.git.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;

/**
 * A service's GitHub App: the one way a service with an App configured reaches its Git repositories, with
 * short-lived installation tokens scoped to what it needs ({@link #tokens(TokenScope)}: one cached
 * {@link GitHubAppTokens} per scope, refreshed before expiry). No token is stored: the App's private key (mounted
 * from a Secret) is the only long-lived credential, and it never leaves the process.
 */
public final class GitHubApp {

    private final HttpClient http;
    private final URI apiUrl;
    private final String appId;
    private final long installationId;
    private final PrivateKey key;
    private final Clock clock;
    private final Duration refreshBefore;
    private final Duration timeout;
    private final Map<TokenScope, GitHubAppTokens> sources = new ConcurrentHashMap<>();

    public GitHubApp(HttpClient http, URI apiUrl, String appId, long installationId, PrivateKey key, Clock clock,
                     Duration refreshBefore, Duration timeout) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.appId = appId;
        this.installationId = installationId;
        this.key = key;
        this.clock = clock;
        this.refreshBefore = refreshBefore;
        this.timeout = timeout;
    }

    /**
     * The App a configuration group describes: empty when none of app-id, installation-id and private-key-file is
     * set; else all three are required (the message names the keys under {@code prefix}, e.g.
     * {@code gitops.sync.github}) and the key file must hold an RSA private key.
     */
    public static Optional<GitHubApp> from(GitHubAppConfig config, String prefix, HttpClient http, Clock clock) {
        if (config.appId().isEmpty() && config.installationId().isEmpty() && config.privateKeyFile().isEmpty()) {
            return Optional.empty();
        }
        if (config.appId().isEmpty() || config.installationId().isEmpty() || config.privateKeyFile().isEmpty()) {
            throw new IllegalStateException("a GitHub App needs " + prefix + ".app-id, installation-id and "
                    + "private-key-file together");
        }
        String pem;
        try {
            pem = Files.readString(config.privateKeyFile().get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + prefix + ".private-key-file "
                    + config.privateKeyFile().get(), e);
        }
        return Optional.of(new GitHubApp(http, config.apiUrl(), config.appId().get(), config.installationId().get(),
                PemKeys.rsaPrivateKey(pem), clock, config.tokenRefreshBefore(), config.timeout()));
    }

    /** The installation tokens of one scope (the same source for the same scope). */
    public GitHubAppTokens tokens(TokenScope scope) {
        return sources.computeIfAbsent(scope, s -> new GitHubAppTokens(http, apiUrl, appId, installationId, key, s,
                clock, refreshBefore, timeout));
    }

    /** Git credentials sending the scope's installation token as the password of {@code x-access-token}. */
    public GitCredentials credentials(TokenScope scope) {
        return GitCredentials.token(tokens(scope));
    }

    /**
     * {@code repository} reached with this App's installation tokens of {@code scope}. A repository that also has
     * credentials of its own is refused: one way to authenticate per repository, so a stored token cannot linger
     * beside the App unnoticed.
     */
    public GitRepositorySettings access(GitRepositorySettings repository, TokenScope scope) {
        if (!(repository.credentials() instanceof GitCredentials.None)) {
            throw new IllegalStateException("the repository " + repository.name() + " has credentials of its own ("
                    + repository.credentials().describe() + ") and a GitHub App is configured: remove one");
        }
        return repository.withCredentials(credentials(scope));
    }

    /** For logs: the App and installation, never the key. */
    public String describe() {
        return "GitHub App " + appId + " (installation " + installationId + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
