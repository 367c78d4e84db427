package io.gitops.sync;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service kit's readiness (broker reachable, started, {@code configRepositoryFetched}), with the partitions this
 * instance owns as data.
 */
@Readiness
@ApplicationScoped
public class SyncReadiness extends ServiceReadiness {

    @Inject
    SyncRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.lifecycle();
    }
}
