package io.gitops.sync.apply;

import io.gitops.sync.manifest.ObjectKey;

/** Applying stopped at {@link #key()}; the objects before it in apply order were applied. */
public class ApplyException extends RuntimeException {

    private final transient ObjectKey key;
    private final int appliedBefore;

    public ApplyException(ObjectKey key, int appliedBefore, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.appliedBefore = appliedBefore;
    }

    public ObjectKey key() {
        return key;
    }

    public int appliedBefore() {
        return appliedBefore;
    }
}
