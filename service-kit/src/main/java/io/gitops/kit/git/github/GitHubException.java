package io.gitops.kit.git.github;

/**
 * The GitHub REST API failed: {@code permanent} when retrying the same request cannot help, as
 * {@link io.gitops.kit.Transience#isTransientResponse} decides from the status and headers (a rate-limited 403 is
 * transient; another 403, a 401 and other 4xx are permanent).
 */
public class GitHubException extends RuntimeException {

    private final int status;
    private final boolean permanent;

    public GitHubException(String message, int status, boolean permanent, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.permanent = permanent;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean permanent() {
        return permanent;
    }
}
