package io.gitops.sync.render;

/** The chart did not render; the message is Helm's. */
public class RenderException extends RuntimeException {

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
