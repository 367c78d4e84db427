package io.gitops.build.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.OciManifests;
import io.gitops.kit.registry.RegistryCredentials;

/**
 * Any OCI distribution registry: pushes go to {@code host/path:tag} with the configured basic credentials; the digest
 * is read with {@code HEAD /v2/<name>/manifests/<tag>} ({@code Docker-Content-Digest}) by the service kit's
 * {@link OciManifests}, following a bearer-token challenge when the registry sends one. Loopback hosts listed as
 * insecure are spoken to over plain HTTP.
 */
public final class OciRegistry implements Registry {

    private final OciManifests manifests;
    private final Optional<RegistryCredentials> credentials;

    public OciRegistry(Optional<RegistryCredentials> credentials, List<String> insecureHosts, Duration timeout) {
        this.manifests = new OciManifests(insecureHosts, timeout);
        this.credentials = credentials;
    }

    @Override
    public String kind() {
        return "oci";
    }

    boolean insecure(String host) {
        return manifests.insecure(host);
    }

    @Override
    public Outcome<PushTarget> prepare(ImageRepository repository, String tag) {
        return Outcome.success(new PushTarget(repository.host(), repository.path(), tag, credentials,
                insecure(repository.host())));
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        return digest(repository.host(), repository.path(), tag, credentials);
    }

    /** {@code HEAD} of the manifest at {@code host}, with these credentials (the kit's {@link OciManifests}). */
    public Outcome<Optional<String>> digest(String host, String path, String tag,
                                            Optional<RegistryCredentials> credentials) {
        return manifests.digest(host, path, tag, credentials);
    }
}
