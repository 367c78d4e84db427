package io.gitops.build.exec.kubernetes;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how stage Jobs run.
 *
 * @param namespace            the namespace of the Jobs
 * @param gitImage             image of the init container that clones the commit
 * @param gitCredentialsSecretName a Secret in {@code namespace} with the keys {@code username} and {@code password}
 *                             (the {@code kubernetes.io/basic-auth} shape) used to clone private repositories; its
 *                             values reach the init container as environment variables through
 *                             {@code secretKeyRef}, never in the Job's spec, the command line or the clone URL
 * @param buildImage           the buildah image of the build Job, pinned by digest ({@code name[:tag]@sha256:…})
 * @param registryAuthSecretName a {@code kubernetes.io/dockerconfigjson} Secret in {@code namespace} the build Job
 *                             pushes with (mounted read-only, {@code REGISTRY_AUTH_FILE}); empty: no auth file (ECR
 *                             through IRSA and the credential helper, or an anonymous registry)
 * @param buildServiceAccountName the ServiceAccount of build Jobs (for ECR through IRSA: annotated with the IAM
 *                             role; its token reaches the pod only as the web-identity file EKS projects, the API
 *                             token stays unmounted); empty: the namespace's {@code default}
 * @param sonarTokenSecretName a Secret in {@code namespace} with the key {@code token}: {@code SONAR_TOKEN} of the
 *                             sast Job by {@code secretKeyRef}; empty: the Job gets no token
 * @param runAsUser            the non-root uid (and gid) every stage container runs as
 * @param commandReadOnlyRoot  whether stage commands run with a read-only root filesystem (writable: the workspace,
 *                             {@code /tmp} and {@code HOME}); builder images that write elsewhere need false
 * @param resources            requests and limits per container kind (every kind present)
 * @param buildStorageLimit    size limit of the build Job's {@code emptyDir} image storage
 * @param insecureRegistries   registry hosts pushed to without TLS verification (tests, local registries)
 */
public record JobSettings(String namespace, String gitImage, Optional<String> gitCredentialsSecretName,
                          String buildImage, Optional<String> registryAuthSecretName,
                          Optional<String> buildServiceAccountName, Optional<String> sonarTokenSecretName, long runAsUser, boolean commandReadOnlyRoot,
                          Map<JobKind, ContainerResources> resources, String buildStorageLimit,
                          Set<String> insecureRegistries) {

    /** The buildah image used when none is configured (pinned by digest). */
    public static final String DEFAULT_BUILD_IMAGE = "quay.io/buildah/stable:v1.22.3"
            + "@sha256:b551986d37a2c097749220976da630305eaba0f03de705dddc28007d6cc47ab1";

    /** The defaults of {@code gitops.build.kubernetes.resources.*}. */
    public static final Map<JobKind, ContainerResources> DEFAULT_RESOURCES = Map.of(
            JobKind.CHECKOUT, new ContainerResources("100m", "128Mi", "500m", "256Mi"),
            JobKind.COMMAND, new ContainerResources("500m", "1Gi", "2", "4Gi"),
            JobKind.BUILD, new ContainerResources("500m", "1Gi", "2", "4Gi"));

    public JobSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(gitImage, "gitImage");
        Objects.requireNonNull(buildImage, "buildImage");
        Objects.requireNonNull(buildStorageLimit, "buildStorageLimit");
        gitCredentialsSecretName = gitCredentialsSecretName.filter(s -> !s.isBlank());
        registryAuthSecretName = registryAuthSecretName.filter(s -> !s.isBlank());
        sonarTokenSecretName = sonarTokenSecretName.filter(s -> !s.isBlank());
        buildServiceAccountName = buildServiceAccountName.filter(s -> !s.isBlank());
        if (runAsUser <= 0) {
            throw new IllegalArgumentException("gitops.build.kubernetes.run-as-user must be a non-root uid, not "
                    + runAsUser);
        }
        if (!buildImage.contains("@sha256:")) {
            throw new IllegalArgumentException("gitops.build.kubernetes.build-image must be pinned by digest "
                    + "(name:tag@sha256:…), not '" + buildImage + "'");
        }
        Map<JobKind, ContainerResources> all = new EnumMap<>(DEFAULT_RESOURCES);
        all.putAll(resources);
        resources = Map.copyOf(all);
        insecureRegistries = Set.copyOf(insecureRegistries);
    }

    /** The defaults for everything but where the Jobs run and clone from. */
    public JobSettings(String namespace, String gitImage, Optional<String> gitCredentialsSecretName) {
        this(namespace, gitImage, gitCredentialsSecretName, DEFAULT_BUILD_IMAGE, Optional.empty(), Optional.empty(), Optional.empty(),
                1000, true, DEFAULT_RESOURCES, "10Gi", Set.of());
    }

    /** The resources of a container kind. */
    public ContainerResources resourcesOf(JobKind kind) {
        return resources.get(kind);
    }
}
