package io.gitops.build.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.gitops.build.BuildConfig;

/**
 * Redelivery of the GitHub App's failed webhook deliveries: on when both the App id and its private key file are set.
 * The key file's content is a secret: it is read when the orchestrator starts and never shown.
 *
 * @param appId          the App id (JWT issuer)
 * @param privateKeyFile PEM RSA private key of the App (PKCS#1 as GitHub hands it out, or PKCS#8)
 * @param apiUrl         the REST API ({@code https://api.github.com}, or GitHub Enterprise's {@code /api/v3})
 * @param window         how far back failed deliveries are redelivered
 */
public record RedeliverySettings(String appId, Path privateKeyFile, URI apiUrl, Duration window) {

    /** @throws IllegalArgumentException when only one of app id and key file is set */
    public static Optional<RedeliverySettings> from(BuildConfig.Redelivery config) {
        if (config.appId().isEmpty() && config.privateKeyFile().isEmpty()) {
            return Optional.empty();
        }
        if (config.appId().isEmpty() || config.privateKeyFile().isEmpty()) {
            throw new IllegalArgumentException("gitops.build.redelivery needs both app-id and private-key-file "
                    + "(or neither: no redelivery)");
        }
        return Optional.of(new RedeliverySettings(config.appId().get(), Path.of(config.privateKeyFile().get()),
                URI.create(config.apiUrl()), config.window()));
    }
}
