package io.gitops.build;

import java.time.Duration;

import io.gitops.kit.TopicAdmin;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the broker answers, the pipeline history was read back (so no commit is built twice) and the config
 * repository was read at least once.
 */
@Readiness
@ApplicationScoped
public class OrchestratorReadiness implements HealthCheck {

    @Inject
    BuildRuntime runtime;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = TopicAdmin.reachable(admin(), Duration.ofSeconds(2));
        BuildOrchestrator orchestrator = runtime.orchestrator();
        boolean started = orchestrator != null && orchestrator.started();
        boolean configLoaded = orchestrator != null && orchestrator.configLoaded();
        return HealthCheckResponse.named("build-orchestrator")
                .status(reachable && started && configLoaded)
                .withData("brokerReachable", reachable)
                .withData("pipelineHistoryLoaded", started)
                .withData("configRepositoryLoaded", configLoaded)
                .withData("queued", started ? orchestrator.scheduler().queued() : 0)
                .withData("running", started ? orchestrator.scheduler().running() : 0)
                .build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = TopicAdmin.admin(runtime.bootstrapServers(), Duration.ofSeconds(2));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
