package io.gitops.bumper.git;

/** Where a bearer token for Git over HTTPS and the GitHub REST API comes from. Tokens are secrets: never log them. */
public interface TokenSource {

    /** A token valid for a while yet. */
    String token();

    /** Forgets a cached token after the server refused it, so the next {@link #token()} gets a fresh one. */
    default void invalidate() {
    }
}
