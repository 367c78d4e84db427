package io.gitops.gitserver;

import java.util.Objects;

/**
 * HTTP basic credentials: a username and a password or token.
 *
 * <p>{@link #toString()} never shows the password, so a record printed in a log or an assertion message leaks nothing.
 */
public record GitCredentials(String username, String password) {

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username must be non-empty and contain no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password must be non-empty");
        }
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=***]";
    }
}
