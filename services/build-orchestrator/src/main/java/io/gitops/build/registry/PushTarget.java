package io.gitops.build.registry;

import java.util.Optional;

/**
 * Where an image is pushed: {@code host/repository:tag}, with the credentials to use and whether the host speaks
 * plain HTTP (loopback test registries only).
 */
public record PushTarget(String host, String repository, String tag, Optional<RegistryCredentials> credentials,
                         boolean insecure) {

    public String reference() {
        return host + "/" + repository + ":" + tag;
    }
}
