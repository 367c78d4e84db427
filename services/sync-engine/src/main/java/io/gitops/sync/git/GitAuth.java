package io.gitops.sync.git;

import java.util.Objects;

/**
 * HTTP basic credentials for the config repository: a user and a password or token (for a GitHub token the user
 * may be anything non-empty, e.g. {@code x-access-token}). {@link #toString()} never shows the secret.
 */
public record GitAuth(String username, String secret) {

    public static final String TOKEN_USER = "x-access-token";

    public GitAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static GitAuth token(String token) {
        return new GitAuth(TOKEN_USER, token);
    }

    @Override
    public String toString() {
        return "GitAuth[username=" + username + ", secret=***]";
    }
}
