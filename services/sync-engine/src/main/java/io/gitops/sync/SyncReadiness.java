package io.gitops.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the engine started and has fetched the config repository. */
@Readiness
@ApplicationScoped
public class SyncReadiness implements HealthCheck {

    @Inject
    SyncRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sync-engine")
                .status(runtime.ready())
                .withData("ownedPartitions", runtime.ownedPartitions().toString())
                .build();
    }
}
