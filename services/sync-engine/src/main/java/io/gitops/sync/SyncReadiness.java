package io.gitops.sync;

import java.util.Map;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
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

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse checked = super.call();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(checked.getName())
                .status(checked.getStatus() == HealthCheckResponse.Status.UP);
        for (Map.Entry<String, Object> entry : checked.getData().orElse(Map.of()).entrySet()) {
            if (entry.getValue() instanceof Boolean b) {
                builder.withData(entry.getKey(), b);
            } else {
                builder.withData(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        return builder.withData("ownedPartitions", runtime.ownedPartitions().toString()).build();
    }
}
