package io.gitops.ingest;

import java.time.Duration;

import io.gitops.kit.TopicAdmin;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the broker answers and the delivery ledger has read the dedupe window back from the topic. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    IngestRuntime runtime;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = TopicAdmin.reachable(admin(), Duration.ofSeconds(2));
        boolean ledgerLoaded = runtime.loader() != null && runtime.loader().caughtUp();
        return HealthCheckResponse.named("kafka")
                .status(reachable && ledgerLoaded)
                .withData("brokerReachable", reachable)
                .withData("deliveryLedgerLoaded", ledgerLoaded)
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
