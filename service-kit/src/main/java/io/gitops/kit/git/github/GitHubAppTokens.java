package io.gitops.kit.git.github;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.kit.git.TokenSource;

/**
 * Installation access tokens of a GitHub App for one {@link TokenScope}: signs an RS256 JWT with the App's private
 * key, exchanges it at {@code POST /app/installations/{id}/access_tokens} with the scope's {@code repositories} and
 * {@code permissions}, and caches the token (in memory only) until {@code refreshBefore} before its
 * {@code expires_at} (GitHub's tokens last an hour). A token whose granted permissions do not cover the scope is
 * refused. The token is a secret: it is never logged, never written anywhere, and exceptions never include it.
 */
public final class GitHubAppTokens implements TokenSource {

    private final GitHubHttp http;
    private final String appId;
    private final long installationId;
    private final PrivateKey key;
    private final TokenScope scope;
    private final Clock clock;
    private final Duration refreshBefore;
    private String token;
    private Instant expiresAt;
    private int exchanges;

    public GitHubAppTokens(HttpClient client, URI apiBase, String appId, long installationId, PrivateKey key,
                           TokenScope scope, Clock clock, Duration refreshBefore, Duration timeout) {
        this.http = new GitHubHttp(client, apiBase, timeout);
        this.appId = appId;
        this.installationId = installationId;
        this.key = key;
        this.scope = scope;
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
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("repositories", scope.repositories());
        request.put("permissions", scope.permissions());
        GitHubHttp.Response response = http.send("POST", path, jwt, request);
        JsonNode body = response.body();
        if (response.status() != 201 || body == null || !body.hasNonNull("token")
                || body.get("token").asText().isBlank()) {
            throw new GitHubException("GitHub App installation token for " + scope.repositories() + ": " + path
                    + " answered " + response.status() + " (" + response.message() + ")", response.status(),
                    !response.transientFailure(), null);
        }
        Map<String, String> granted = new LinkedHashMap<>();
        body.path("permissions").fields().forEachRemaining(e -> granted.put(e.getKey(), e.getValue().asText()));
        if (!scope.grantedBy(granted)) {
            throw new GitHubException("the GitHub App installation " + installationId + " granted " + granted
                    + " on " + scope.repositories() + ", not the " + scope.permissions() + " asked for: give the App "
                    + "these permissions", response.status(), true, null);
        }
        token = body.get("token").asText();
        expiresAt = expiry(body, now);
        exchanges++;
        return token;
    }

    private static Instant expiry(JsonNode body, Instant now) {
        try {
            return body.hasNonNull("expires_at") ? Instant.parse(body.get("expires_at").asText())
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

    /** The scope these tokens are asked for. */
    public TokenScope scope() {
        return scope;
    }

    @Override
    public String toString() {
        return "GitHubAppTokens[app " + appId + ", installation " + installationId + ", " + scope + "]";
    }
}
