package io.gitops.sync.git;

/** The config repository could not be cloned or fetched (server down, auth refused, branch missing). */
public class FetchException extends RuntimeException {

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
