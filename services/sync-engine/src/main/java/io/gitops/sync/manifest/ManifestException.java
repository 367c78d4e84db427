package io.gitops.sync.manifest;

/** Rendered output that cannot be applied as it is: not YAML, not an object, no kind or name, wrong namespace. */
public class ManifestException extends RuntimeException {

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
