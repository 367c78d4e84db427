package io.gitops.sync.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Recognises the API server's refusal of the engine's identity (HTTP 403, RBAC): a failure that no retry mends, only
 * a granted right (or a namespace that exists). The message of such a failure is the API server's, which names the
 * missing permission (verb, resource, API group, namespace).
 */
public final class Forbidden {

    private Forbidden() {
    }

    /** Whether {@code failure} or one of its causes is a 403 from the API server. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == 403) {
                return true;
            }
        }
        return false;
    }
}
