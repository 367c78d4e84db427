package io.gitops.kit;

/** The broker did not acknowledge a record within the bound. Transient: the caller retries or answers 503. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
