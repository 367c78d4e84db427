package io.gitops.build.registry;

/** Chooses the registry for an image repository: ECR for {@code *.dkr.ecr.*.amazonaws.com}, any OCI registry else. */
public final class Registries {

    private final Registry ecr;
    private final Registry oci;

    public Registries(Registry ecr, Registry oci) {
        this.ecr = ecr;
        this.oci = oci;
    }

    public Registry forRepository(ImageRepository repository) {
        return EcrRegistry.isEcrHost(repository.host()) ? ecr : oci;
    }
}
