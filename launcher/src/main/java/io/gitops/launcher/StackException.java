package io.gitops.launcher;

/** Something the user must be told plainly: a busy port, a part that did not start, a missing build. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
