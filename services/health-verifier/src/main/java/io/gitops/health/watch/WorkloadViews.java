package io.gitops.health.watch;

import java.util.Map;

/** Opens {@link WorkloadView}s; the production one watches a Kubernetes API server with informers. */
public interface WorkloadViews {

    /**
     * Starts watching the workloads labelled {@code labels} in {@code namespace} and returns once the caches hold the
     * current state; {@code listener} hears every change from then on.
     *
     * @throws ViewException when the API server does not answer in time
     */
    WorkloadView open(String namespace, Map<String, String> labels, ViewListener listener);

    /**
     * The API server could not be watched; its cause (the API server's answer, a timeout) says whether it is worth a
     * retry ({@code Transience}).
     */
    class ViewException extends RuntimeException {
        public ViewException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
