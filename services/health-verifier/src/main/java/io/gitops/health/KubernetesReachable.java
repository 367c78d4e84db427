package io.gitops.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The verifier's readiness check of the Kubernetes API: {@code /version} answers within the timeout. */
final class KubernetesReachable implements BooleanSupplier {

    private final KubernetesClient client;
    private final Duration timeout;

    KubernetesReachable(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public boolean getAsBoolean() {
        try {
            return CompletableFuture.supplyAsync(client::getKubernetesVersion)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
