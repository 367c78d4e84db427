package io.gitops.bumper.github;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.gitops.kit.git.TokenSource;
import io.gitops.kit.github.RsaJwt;

/**
 * Installation access tokens of a GitHub App: signs an RS256 JWT with the App's private key, exchanges it at
 * {@code POST /app/installations/{id}/access_tokens} and caches the token until shortly before it expires (GitHub's
 * tokens last an hour). The token is a secret: it is never logged and exceptions never include it.
 */
public final class GitHubAppTokens implements TokenSource {

    private final GitHubHttp http;
    private final String appId;
    private final long installationId;
    private final PrivateKey key;
    private final Clock clock;
    private final Duration refreshBefore;
    private String token;
    private Instant expiresAt;
    private int exchanges;

    public GitHubAppTokens(HttpClient client, URI apiBase, String appId, long installationId, PrivateKey key,
                           Clock clock, Duration refreshBefore, Duration timeout) {
        this.http = new GitHubHttp(client, apiBase, timeout);
        this.appId = appId;
        this.installationId = installationId;
        this.key = key;
        this.clock = clock;
        this.refreshBefore = refreshBefore;
    }

    @Override
    public synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(expiresAt.minus(refreshBefore))) {
            return token;
        }
        String jwt = RsaJwt.sign(key, appId, now, RsaJwt.MAX_TTL);
        String path = "/app/installations/" + installationId + "/access_tokens";
        GitHubHttp.Response response = http.send("POST", path, jwt, null);
        if (response.status() != 201 || response.body() == null || !response.body().hasNonNull("token")) {
            throw new GitHubException("GitHub App installation token: " + path + " answered " + response.status()
                    + " (" + response.message() + ")", response.status(),
                    !response.transientFailure(), null);
        }
        token = response.body().get("token").asText();
        expiresAt = expiry(response, now);
        exchanges++;
        return token;
    }

    private static Instant expiry(GitHubHttp.Response response, Instant now) {
        try {
            return response.body().hasNonNull("expires_at") ? Instant.parse(response.body().get("expires_at").asText())
                    : now.plus(Duration.ofHours(1));
        } catch (DateTimeParseException e) {
            return now.plus(Duration.ofMinutes(10));
        }
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched so far (a cached token is not a new exchange). */
    public synchronized int exchanges() {
        return exchanges;
    }
}
