package io.gitops.build.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.build.BuildConfig;
import io.gitops.kit.registry.RegistryCredentials;

/**
 * Where images go: OCI registries (plain-HTTP hosts, basic credentials, call bound), Amazon ECR and OCI image layouts
 * on disk.
 */
public record RegistrySettings(List<String> insecureHosts, Optional<RegistryCredentials> credentials,
                               Duration timeout, Ecr ecr, Layout layout) {

    /** Amazon ECR: region (default from the host), endpoint override (tests), scan gate. */
    public record Ecr(Optional<String> region, Optional<URI> endpointOverride, List<String> failOnSeverities,
                      Duration scanTimeout, Duration scanPollInterval) {
    }

    /** OCI image layouts under {@code directory} for {@code hosts} (empty: every non-ECR host). */
    public record Layout(Optional<Path> directory, List<String> hosts) {
    }

    public static RegistrySettings from(BuildConfig.Registry config) {
        Optional<RegistryCredentials> credentials = config.password()
                .map(p -> new RegistryCredentials(config.username().orElse(""), p));
        BuildConfig.Ecr ecr = config.ecr();
        return new RegistrySettings(config.insecureHosts(), credentials, config.timeout(),
                new Ecr(ecr.region(), ecr.endpointOverride().map(URI::create), ecr.failOnSeverities(),
                        ecr.scanTimeout(), ecr.scanPollInterval()),
                new Layout(config.layout().directory().map(Path::of), config.layout().hosts().orElse(List.of())));
    }
}
