package io.gitops.bumper.artifacts;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.OciImageLayout;
import io.gitops.kit.registry.OciManifests;
import io.gitops.kit.registry.RegistryCredentials;

/**
 * The registry the images live in, read the way the build-orchestrator wrote them (the service kit's registry code):
 * an OCI image layout on disk ({@code <directory>/<repository path>}) for the repositories on {@code layoutHosts}
 * (every host when that list is empty) when a layout directory is configured, else the OCI distribution API's
 * manifest {@code HEAD} (any OCI registry; ECR repositories are asked by {@link EcrDigests} first).
 */
public final class RegistryDigests implements ImageDigests {

    private final OciManifests manifests;
    private final Optional<RegistryCredentials> credentials;
    private final Optional<Path> layoutDirectory;
    private final List<String> layoutHosts;

    public RegistryDigests(OciManifests manifests, Optional<RegistryCredentials> credentials,
                           Optional<Path> layoutDirectory, List<String> layoutHosts) {
        this.manifests = manifests;
        this.credentials = credentials;
        this.layoutDirectory = layoutDirectory;
        this.layoutHosts = List.copyOf(layoutHosts);
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        if (layoutDirectory.isPresent() && (layoutHosts.isEmpty() || layoutHosts.contains(repository.host()))) {
            Outcome<OciImageLayout> layout = OciImageLayout.under(layoutDirectory.get(), repository.path());
            if (layout instanceof Outcome.Success<OciImageLayout> ok) {
                return ok.value().digest(tag);
            }
            return Outcome.permanent(((Outcome.PermanentFailure<OciImageLayout>) layout).reason());
        }
        return manifests.digest(repository.host(), repository.path(), tag, credentials);
    }
}
