package io.gitops.kit.git;

/**
 * Where a current token comes from (a GitHub App installation-token provider, a vault client): asked on every Git
 * operation that needs credentials, so an implementation may cache and refresh as it likes. Tokens are secrets: an
 * implementation never logs them and its {@code toString()} never shows one.
 */
@FunctionalInterface
public interface TokenSource {

    /** A token valid for a while yet; never null or blank. */
    String token();

    /** Called after the server refused the last token, so the next {@link #token()} fetches a fresh one. */
    default void invalidate() {
    }
}
