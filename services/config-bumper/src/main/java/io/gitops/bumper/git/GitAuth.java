package io.gitops.bumper.git;

import java.util.Optional;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * How the bumper authenticates to the config repository's Git remote and the GitHub REST API: nothing (a local
 * anonymous server), HTTP basic (the local Git server), or a bearer token (a GitHub App installation token or a
 * token from a mounted file; Git uses it as the password of user {@code x-access-token}, as GitHub documents).
 */
public sealed interface GitAuth permits GitAuth.Anonymous, GitAuth.Basic, GitAuth.Token {

    /** JGit credentials, or null when none are needed. */
    CredentialsProvider credentials();

    /** A bearer token for the REST API, when this auth has one. */
    Optional<TokenSource> apiToken();

    /** No credentials. */
    record Anonymous() implements GitAuth {
        @Override
        public CredentialsProvider credentials() {
            return null;
        }

        @Override
        public Optional<TokenSource> apiToken() {
            return Optional.empty();
        }
    }

    /** HTTP basic credentials. {@link #toString()} hides the password. */
    record Basic(String username, String password) implements GitAuth {
        @Override
        public CredentialsProvider credentials() {
            return new Provider(username, () -> password, () -> {
            });
        }

        @Override
        public Optional<TokenSource> apiToken() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /** A bearer token: user {@code x-access-token} for Git, {@code Authorization: Bearer} for the API. */
    record Token(TokenSource tokens) implements GitAuth {
        public static final String GIT_USERNAME = "x-access-token";

        @Override
        public CredentialsProvider credentials() {
            return new Provider(GIT_USERNAME, tokens::token, tokens::invalidate);
        }

        @Override
        public Optional<TokenSource> apiToken() {
            return Optional.of(tokens);
        }
    }

    /** Answers JGit's username/password questions, asking for the secret only when JGit needs it. */
    final class Provider extends CredentialsProvider {
        private final String username;
        private final java.util.function.Supplier<String> password;
        private final Runnable onReset;

        Provider(String username, java.util.function.Supplier<String> password, Runnable onReset) {
            this.username = username;
            this.password = password;
            this.onReset = onReset;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            for (CredentialItem item : items) {
                if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
            for (CredentialItem item : items) {
                if (item instanceof CredentialItem.Username user) {
                    user.setValue(username);
                } else if (item instanceof CredentialItem.Password secret) {
                    secret.setValue(password.get().toCharArray());
                } else {
                    throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ":" + item.getPromptText());
                }
            }
            return true;
        }

        @Override
        public void reset(URIish uri) {
            onReset.run();
        }
    }
}
