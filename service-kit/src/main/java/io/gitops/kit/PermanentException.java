package io.gitops.kit;

/**
 * A failure that retrying cannot mend (bad input, a refusal by policy, a missing permission): wrap or throw it to mark
 * a failure terminal. Everything else is transient unless {@link Transience} knows better, the safer default: a
 * transient failure is retried, a permanent one is dead-lettered.
 */
public class PermanentException extends RuntimeException {

    public PermanentException(String message) {
        super(message);
    }

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }
}
