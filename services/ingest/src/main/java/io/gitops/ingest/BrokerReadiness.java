package io.gitops.ingest;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ingest's readiness: the service kit's check (the broker answers, start-up is done) plus the named check
 * {@code deliveryLedgerLoaded}: the delivery ledger has read the dedupe window back from the topic.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness extends ServiceReadiness {

    @Inject
    IngestRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.lifecycle();
    }
}
