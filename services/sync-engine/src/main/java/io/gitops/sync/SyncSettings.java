package io.gitops.sync;

import java.time.Duration;
import java.util.Set;

/**
 * The core's settings (the Quarkus layer maps {@code gitops.sync.*} onto them).
 *
 * @param repoFullName      the config repository as GitHub names it ({@code owner/name}), to match push webhooks
 * @param fieldManager      the server-side apply field manager of every write
 * @param historyLimit      applied revisions kept per (app, env)
 * @param workers           (app, env) synced in parallel by a full pass
 * @param expectedManagers  field managers whose changes are not drift (the health verifier's halts)
 * @param driftEnabled      whether informers watch managed objects for drift
 * @param driftResync       informer resync period (0: none)
 * @param createNamespaces  whether a missing target namespace (and the history namespace) is created, which needs
 *                          the cluster-scoped right to create namespaces; off, managed namespaces must exist
 */
public record SyncSettings(
        String repoFullName,
        String fieldManager,
        int historyLimit,
        int workers,
        Set<String> expectedManagers,
        boolean driftEnabled,
        Duration driftResync,
        boolean createNamespaces) {

    public static final String FIELD_MANAGER = "gitops-sync-engine";
    public static final String HEALTH_VERIFIER = "gitops-health-verifier";

    public SyncSettings {
        expectedManagers = Set.copyOf(expectedManagers);
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /**
     * Defaults: history 10, 4 workers, the health verifier expected, drift on without resync, namespaces not created.
     */
    public static SyncSettings defaults(String repoFullName) {
        return new SyncSettings(repoFullName, FIELD_MANAGER, 10, 4, Set.of(HEALTH_VERIFIER), true, Duration.ZERO,
                false);
    }

    public SyncSettings withWorkers(int newWorkers) {
        return new SyncSettings(repoFullName, fieldManager, historyLimit, newWorkers, expectedManagers, driftEnabled,
                driftResync, createNamespaces);
    }

    public SyncSettings withHistoryLimit(int limit) {
        return new SyncSettings(repoFullName, fieldManager, limit, workers, expectedManagers, driftEnabled,
                driftResync, createNamespaces);
    }

    public SyncSettings withDrift(boolean enabled) {
        return new SyncSettings(repoFullName, fieldManager, historyLimit, workers, expectedManagers, enabled,
                driftResync, createNamespaces);
    }

    public SyncSettings withCreateNamespaces(boolean create) {
        return new SyncSettings(repoFullName, fieldManager, historyLimit, workers, expectedManagers, driftEnabled,
                driftResync, create);
    }
}
