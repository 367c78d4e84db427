package io.gitops.sync.drift;

/** One applied field whose live value differs, e.g. {@code spec.replicas}, and the manager that changed it. */
public record FieldDrift(String fieldPath, String manager) {

    public static final String UNKNOWN_MANAGER = "unknown";
    /** The field path reported when the whole object is gone. */
    public static final String DELETED = "(object deleted)";
}
