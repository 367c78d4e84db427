package io.gitops.bumper.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the writer thread still takes batches. */
@Liveness
@ApplicationScoped
public class BumperLiveness implements HealthCheck {

    @Inject
    BumperRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("config-bumper-writer").status(runtime.writerAlive()).build();
    }
}
