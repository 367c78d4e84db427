package io.gitops.build.registry;

import java.util.List;
import java.util.Optional;

import io.gitops.kit.registry.ImageRepository;

/**
 * Chooses the registry for an image repository: ECR for {@code *.dkr.ecr.*.amazonaws.com}; an OCI image layout on
 * disk when one is configured ({@code gitops.build.registry.layout.directory}) and the repository's host is one of
 * {@code layout.hosts} (every non-ECR host when that list is empty); any OCI registry else.
 */
public final class Registries {

    private final Registry ecr;
    private final Registry oci;
    private final Optional<Registry> layout;
    private final List<String> layoutHosts;

    public Registries(Registry ecr, Registry oci) {
        this(ecr, oci, Optional.empty(), List.of());
    }

    public Registries(Registry ecr, Registry oci, Optional<Registry> layout, List<String> layoutHosts) {
        this.ecr = ecr;
        this.oci = oci;
        this.layout = layout;
        this.layoutHosts = List.copyOf(layoutHosts);
    }

    public Registry forRepository(ImageRepository repository) {
        if (EcrRegistry.isEcrHost(repository.host())) {
            return ecr;
        }
        if (layout.isPresent() && (layoutHosts.isEmpty() || layoutHosts.contains(repository.host()))) {
            return layout.get();
        }
        return oci;
    }
}
