package io.gitops.build.registry;

import java.nio.file.Path;
import java.util.Optional;

import io.gitops.kit.registry.RegistryCredentials;

/**
 * Where an image is pushed: {@code host/repository:tag}, with the credentials to use and whether the host speaks
 * plain HTTP (loopback test registries only); or, for an {@link OciLayoutRegistry}, an OCI image layout directory the
 * builder writes the image into ({@code layout}), from which the registry then adopts it.
 */
public record PushTarget(String host, String repository, String tag, Optional<RegistryCredentials> credentials,
                         boolean insecure, Optional<Path> layout) {

    /** A push to a registry over the distribution API. */
    public PushTarget(String host, String repository, String tag, Optional<RegistryCredentials> credentials,
                      boolean insecure) {
        this(host, repository, tag, credentials, insecure, Optional.empty());
    }

    /** {@code host/repository:tag}, or {@code oci:<directory>:<tag>} for a layout target. */
    public String reference() {
        return layout.map(dir -> "oci:" + dir + ":" + tag).orElse(host + "/" + repository + ":" + tag);
    }
}
