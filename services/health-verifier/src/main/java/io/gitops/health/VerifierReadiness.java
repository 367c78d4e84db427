package io.gitops.health;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the broker answers and the verifier has started (the service kit's checks), the Kubernetes API answers
 * ({@code kubernetesReachable}) and the rollout ledger has been read back ({@code rolloutLedgerLoaded}).
 */
@Readiness
@ApplicationScoped
public class VerifierReadiness extends ServiceReadiness {

    @Inject
    HealthVerifierRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.lifecycle();
    }
}
