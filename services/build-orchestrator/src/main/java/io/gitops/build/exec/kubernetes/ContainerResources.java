package io.gitops.build.exec.kubernetes;

import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Requests and limits of one kind of stage container, as Kubernetes quantities ({@code 500m}, {@code 2Gi}).
 *
 * @param cpuRequest    CPU the scheduler reserves
 * @param memoryRequest memory the scheduler reserves
 * @param cpuLimit      CPU the container is throttled at
 * @param memoryLimit   memory the container is killed at
 */
public record ContainerResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

    public ContainerResources {
        Objects.requireNonNull(cpuRequest, "cpuRequest");
        Objects.requireNonNull(memoryRequest, "memoryRequest");
        Objects.requireNonNull(cpuLimit, "cpuLimit");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
    }

    /** The container's {@code resources}. */
    public ResourceRequirements requirements() {
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(cpuRequest), "memory", new Quantity(memoryRequest)))
                .withLimits(Map.of("cpu", new Quantity(cpuLimit), "memory", new Quantity(memoryLimit)))
                .build();
    }
}
