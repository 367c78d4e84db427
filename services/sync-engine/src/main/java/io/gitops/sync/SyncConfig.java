package io.gitops.sync;

import java.time.Duration;
import java.util.List;

import io.gitops.kit.config.ServiceConfig;
import io.gitops.kit.git.GitRepositoryConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/** Configuration of the sync engine ({@code gitops.sync.*}); see the module README for the table. */
@ConfigMapping(prefix = "gitops.sync")
public interface SyncConfig {

    /**
     * What every service has: {@code ack-timeout}, {@code create-topics}, {@code replication-factor},
     * {@code startup-timeout}, {@code dedupe-capacity}, {@code retry.*} (defaults of the sync engine in its
     * {@code application.properties}).
     */
    @WithParentName
    ServiceConfig service();

    /**
     * The config repository, in the service kit's one shape ({@code url}, {@code branch}, {@code name},
     * {@code username}, {@code password}, {@code password-file}, {@code token}, {@code token-file}, {@code timeout});
     * {@code name} ({@code owner/name}, default: from the URL) is what a push webhook must name to trigger a sync.
     */
    GitRepositoryConfig repo();

    /** Where the clone and the checkouts live. */
    @WithDefault("${java.io.tmpdir}/gitops-sync-engine")
    String workDir();

    /** The safety-net poll: every interval (± jitter) everything owned is reconciled. */
    @WithDefault("3m")
    Duration pollInterval();

    /** Fraction of the poll interval added or removed at random, so instances do not poll together. */
    @WithDefault("0.2")
    double pollJitter();

    /** Whether everything owned is synced at start (and when partitions are taken over). */
    @WithDefault("true")
    boolean startupSync();

    /** Applied revisions kept per app/env. */
    @WithDefault("10")
    int historyLimit();

    /** Namespace of the revision-history ConfigMaps (the platform's own; created only with create-namespaces). */
    @WithDefault("gitops-system")
    String historyNamespace();

    /**
     * Whether a missing target namespace (and the history namespace) is created: needs the cluster-scoped right to
     * create namespaces. Off (the default), managed namespaces must exist and a sync into a missing one fails.
     */
    @WithDefault("false")
    boolean createNamespaces();

    /** App/envs synced in parallel by a full pass. */
    @WithDefault("4")
    int workers();

    /** The server-side apply field manager. */
    @WithDefault("gitops-sync-engine")
    String fieldManager();

    Drift drift();

    Kubernetes kubernetes();

    Sharding sharding();

    /** Drift detection. */
    interface Drift {
        @WithDefault("true")
        boolean enabled();

        /** Field managers whose changes are not drift (the health verifier pauses failing rollouts). */
        @WithDefault("gitops-health-verifier")
        List<String> expectedManagers();

        /** Informer resync period (0: none; changes arrive by watch). */
        @WithDefault("0s")
        Duration resync();
    }

    /** Kubernetes API client limits (fabric8 has none of its own). */
    interface Kubernetes {
        /** Requests per second to the API server (0: unlimited). */
        @WithDefault("50")
        double qps();

        /** Requests allowed in a burst above the rate. */
        @WithDefault("100")
        int burst();
    }

    /** Sharding by the partitions of gitops.config.changed.v1. */
    interface Sharding {
        /** Off: this instance syncs every app/env (a single instance, or tests). */
        @WithDefault("true")
        boolean enabled();

        @WithName("partitions")
        @WithDefault("6")
        int partitions();
    }
}
