package io.gitops.build;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the broker answers, the service started, the pipeline history was read back (so no commit is built
 * twice) and the config repository was read at least once ({@link BuildLifecycle}'s named checks); the data also
 * shows the pipelines queued and running.
 */
@Readiness
@ApplicationScoped
public class OrchestratorReadiness extends ServiceReadiness {

    @Inject
    BuildRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.lifecycle();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse checks = super.call();
        BuildOrchestrator orchestrator = runtime.orchestrator();
        if (orchestrator == null || orchestrator.scheduler() == null) {
            return checks;
        }
        HealthCheckResponseBuilder builder = HealthCheckResponse.builder().name(checks.getName())
                .status(checks.getStatus() == HealthCheckResponse.Status.UP);
        checks.getData().ifPresent(data -> data.forEach((key, value) -> {
            if (value instanceof Boolean b) {
                builder.withData(key, b);
            } else if (value instanceof Number n) {
                builder.withData(key, n.longValue());
            } else {
                builder.withData(key, String.valueOf(value));
            }
        }));
        return builder.withData("queued", orchestrator.scheduler().queued())
                .withData("running", orchestrator.scheduler().running()).build();
    }
}
