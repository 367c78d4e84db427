package io.gitops.kit.git;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the platform authenticates to a Git remote over HTTP(S): not at all, HTTP basic, or a token sent as the
 * password of user {@value #TOKEN_USERNAME} (GitHub's convention; another user may be configured for other hosts).
 * Each secret is a {@link GitSecret}: inline, a file re-read on every use, or a {@link TokenSource}.
 *
 * <p>Guarantees: {@code toString()} never shows a secret; {@link #of} refuses ambiguous combinations with a message
 * naming the keys, so a misconfiguration fails at start instead of as an authentication error later.
 */
public sealed interface GitCredentials permits GitCredentials.None, GitCredentials.Basic, GitCredentials.Token {

    /** The user a token is sent as, unless another username is configured. */
    String TOKEN_USERNAME = "x-access-token";

    /** The user sent to the remote. Empty for {@link None}. */
    Optional<String> username();

    /** The password or token. Empty for {@link None}. */
    Optional<GitSecret> secret();

    /** The kind and non-secret parts, for logs: {@code none}, {@code basic as alice}, {@code token as x-access-token}. */
    String describe();

    static GitCredentials none() {
        return new None();
    }

    static GitCredentials basic(String username, String password) {
        return new Basic(username, GitSecret.inline(password));
    }

    static GitCredentials basic(String username, GitSecret password) {
        return new Basic(username, password);
    }

    static GitCredentials token(String token) {
        return new Token(TOKEN_USERNAME, GitSecret.inline(token));
    }

    static GitCredentials token(GitSecret token) {
        return new Token(TOKEN_USERNAME, token);
    }

    static GitCredentials token(TokenSource tokens) {
        return new Token(TOKEN_USERNAME, GitSecret.from(tokens));
    }

    /** The credentials a {@link GitRepositoryConfig} describes; see {@link #of}. */
    static GitCredentials from(GitCredentialsConfig config) {
        return of(config.username(), config.password(), config.passwordFile(), config.token(), config.tokenFile());
    }

    /**
     * The one rule for the configuration keys (blank values count as absent): nothing set is {@link None};
     * {@code token} or {@code token-file} is a {@link Token} (as {@code username} when set, else
     * {@value #TOKEN_USERNAME}); {@code password} or {@code password-file} with {@code username} is {@link Basic}.
     *
     * @throws IllegalArgumentException for two secrets, a password without a username, or a username alone
     */
    static GitCredentials of(Optional<String> username, Optional<String> password, Optional<Path> passwordFile,
            Optional<String> token, Optional<Path> tokenFile) {
        Optional<String> user = username.filter(u -> !u.isBlank());
        Optional<String> inlinePassword = password.filter(p -> !p.isBlank());
        Optional<String> inlineToken = token.filter(t -> !t.isBlank());
        int secrets = (inlinePassword.isPresent() ? 1 : 0) + (passwordFile.isPresent() ? 1 : 0)
                + (inlineToken.isPresent() ? 1 : 0) + (tokenFile.isPresent() ? 1 : 0);
        if (secrets > 1) {
            throw new IllegalArgumentException(
                    "set only one of password, password-file, token and token-file for the Git repository");
        }
        if (inlineToken.isPresent() || tokenFile.isPresent()) {
            GitSecret secret = inlineToken.map(GitSecret::inline).orElseGet(() -> GitSecret.fromFile(tokenFile.get()));
            return new Token(user.orElse(TOKEN_USERNAME), secret);
        }
        if (inlinePassword.isPresent() || passwordFile.isPresent()) {
            GitSecret secret = inlinePassword.map(GitSecret::inline)
                    .orElseGet(() -> GitSecret.fromFile(passwordFile.get()));
            return new Basic(user.orElseThrow(() -> new IllegalArgumentException(
                    "a Git password (or password-file) needs a username; for a token set token or token-file")),
                    secret);
        }
        if (user.isPresent()) {
            throw new IllegalArgumentException("a Git username needs a password, password-file, token or token-file");
        }
        return new None();
    }

    /** No credentials (an anonymous remote). */
    record None() implements GitCredentials {
        @Override
        public Optional<String> username() {
            return Optional.empty();
        }

        @Override
        public Optional<GitSecret> secret() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    /** HTTP basic: a username and a password. */
    record Basic(String user, GitSecret password) implements GitCredentials {
        public Basic {
            requireUser(user);
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<String> username() {
            return Optional.of(user);
        }

        @Override
        public Optional<GitSecret> secret() {
            return Optional.of(password);
        }

        @Override
        public String describe() {
            return "basic as " + user;
        }
    }

    /** A token sent as the password of {@code user} (normally {@value #TOKEN_USERNAME}). */
    record Token(String user, GitSecret token) implements GitCredentials {
        public Token {
            requireUser(user);
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Optional<String> username() {
            return Optional.of(user);
        }

        @Override
        public Optional<GitSecret> secret() {
            return Optional.of(token);
        }

        @Override
        public String describe() {
            return "token as " + user;
        }
    }

    private static void requireUser(String user) {
        Objects.requireNonNull(user, "username");
        if (user.isBlank() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Git username must be non-blank and contain no ':'");
        }
    }
}
