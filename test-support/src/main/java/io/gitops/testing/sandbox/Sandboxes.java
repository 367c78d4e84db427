package io.gitops.testing.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import io.gitops.testing.SharedResources;
import io.gitops.testing.TempDirs;

/** Starts {@link SandboxCluster}s with their kubeconfig written to a temporary directory, deleted with the handle. */
public final class Sandboxes {

    /** How long a start waits for the rollout simulator to attach. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);

    private Sandboxes() {
    }

    /** A started sandbox and its kubeconfig file; {@link #close()} stops the sandbox and deletes the file. */
    public record Handle(SandboxCluster cluster, Path kubeconfig) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
            TempDirs.delete(kubeconfig.getParent());
        }
    }

    /**
     * A new sandbox on a random port; with {@code simulate} it returns once the rollout simulator is attached. The
     * caller closes it.
     */
    public static Handle start(boolean simulate, Duration tick) {
        return start(SandboxOptions.defaults().withSimulator(simulate).withTick(tick));
    }

    /** As {@link #start(boolean, Duration)}, with authorization on ({@code SandboxOptions.withAuthorization(true)}). */
    public static Handle start(boolean simulate, Duration tick, boolean authorization) {
        SandboxOptions options = SandboxOptions.defaults().withSimulator(simulate).withTick(tick);
        return start(authorization ? options.withAuthorization(true) : options);
    }

    private static Handle start(SandboxOptions options) {
        boolean simulate = options.simulate();
        SandboxCluster cluster = SandboxCluster.start(options);
        if (simulate) {
            cluster.simulator().awaitAttached(ATTACH_TIMEOUT);
        }
        Path kubeconfig = cluster.writeKubeconfig(TempDirs.create("sandbox-cluster").resolve("kubeconfig"));
        return new Handle(cluster, kubeconfig);
    }

    /** The JVM's authorizing sandbox with this configuration (see {@link #shared(boolean, Duration)}). */
    public static Handle shared(boolean simulate, Duration tick, boolean authorization) {
        return authorization ? SharedResources.get(List.of(Sandboxes.class, simulate, tick, true),
                () -> start(simulate, tick, true)) : shared(simulate, tick);
    }

    /** The JVM's sandbox with this configuration, started on first use and closed when the JVM exits. */
    public static Handle shared(boolean simulate, Duration tick) {
        return SharedResources.get(List.of(Sandboxes.class, simulate, tick), () -> start(simulate, tick));
    }
}
