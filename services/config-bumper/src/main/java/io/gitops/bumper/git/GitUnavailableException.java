package io.gitops.bumper.git;

/** The Git remote could not be reached or answered with an error (transient: retry with backoff). */
public class GitUnavailableException extends RuntimeException {

    public GitUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
