package io.gitops.bumper.values;

/**
 * A values file that cannot be edited as asked: not YAML, over the limits, not a mapping, or the key sits where a
 * text edit would change more than the key. Permanent: retrying gives the same answer.
 */
public class ValuesEditException extends RuntimeException {

    public ValuesEditException(String message) {
        super(message);
    }

    public ValuesEditException(String message, Throwable cause) {
        super(message, cause);
    }
}
