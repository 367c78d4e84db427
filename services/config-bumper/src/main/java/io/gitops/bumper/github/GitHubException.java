package io.gitops.bumper.github;

/** The GitHub REST API failed: {@code permanent} when retrying the same request cannot help. */
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

    /** 401 (token), 403/429 (rate limits) and 5xx are worth a retry; other 4xx are not. */
    static boolean retryable(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
    }
}
