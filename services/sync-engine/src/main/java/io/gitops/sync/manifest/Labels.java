package io.gitops.sync.manifest;

/** The labels and annotations the sync engine puts on every object it manages. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "gitops-sync-engine";
    public static final String APP = "gitops.io/app";
    public static final String ENV = "gitops.io/env";
    public static final String REVISION = "gitops.io/revision";

    private Labels() {
    }
}
