package io.gitops.build.exec.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how stage Jobs run.
 *
 * @param namespace            the namespace of the Jobs
 * @param gitImage             image of the init container that clones the commit
 * @param gitCredentialsSecretName a Secret in {@code namespace} with the keys {@code username} and {@code password}
 *                             (the {@code kubernetes.io/basic-auth} shape) used to clone private repositories; its
 *                             values reach the init container as environment variables through
 *                             {@code secretKeyRef}, never in the Job's spec, the command line or the clone URL
 */
public record JobSettings(String namespace, String gitImage, Optional<String> gitCredentialsSecretName) {

    public JobSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(gitImage, "gitImage");
        gitCredentialsSecretName = gitCredentialsSecretName.filter(s -> !s.isBlank());
    }
}
