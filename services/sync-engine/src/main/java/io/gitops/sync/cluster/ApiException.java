package io.gitops.sync.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server refused or failed a request: fabric8's failure with what was asked in front of the server's
 * message. It stays a {@link KubernetesClientException} with the same status code ({@link #getCode()}, 0 when the
 * server could not be reached), so {@link io.gitops.kit.Transience} classifies it like any fabric8 failure (no rule of
 * its own here).
 */
public class ApiException extends KubernetesClientException {

    public ApiException(String message, KubernetesClientException failure) {
        super(message, failure.getCode(), failure.getStatus());
        // fabric8's constructor with a code sets the cause to null; the original still shows in stack traces
        addSuppressed(failure);
    }
}
