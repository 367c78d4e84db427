package io.gitops.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gitops.kit.TopicAdmin;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the broker answers, the Kubernetes API answers, and the rollout ledger has been read back. */
@Readiness
@ApplicationScoped
public class VerifierReadiness implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Inject
    HealthVerifierRuntime runtime;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        boolean broker = TopicAdmin.reachable(admin(), TIMEOUT);
        boolean kubernetes = kubernetesReachable();
        boolean ledger = runtime.ledgerLoaded();
        return HealthCheckResponse.named("health-verifier")
                .status(broker && kubernetes && ledger)
                .withData("brokerReachable", broker)
                .withData("kubernetesReachable", kubernetes)
                .withData("rolloutLedgerLoaded", ledger)
                .build();
    }

    private boolean kubernetesReachable() {
        try {
            return CompletableFuture.supplyAsync(() -> runtime.kubernetes().getKubernetesVersion())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = TopicAdmin.admin(runtime.bootstrapServers(), TIMEOUT);
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
