package io.gitops.kit.git.github;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * The GitHub App keys, the same in every service: a SmallRye Config group a service nests as {@code github}, e.g.
 * {@code gitops.sync.github.app-id}. Nothing set: no App (the repository's own credentials apply); app id,
 * installation id and private key file set together: every Git access of the service uses short-lived installation
 * tokens ({@link GitHubApp}). {@link GitHubApp#from} validates them.
 *
 * <pre>
 * api-url               https://api.github.com (GitHub Enterprise: https://HOST/api/v3)
 * app-id                the App id (or client id): the JWT issuer
 * installation-id       the App's installation on the repositories' account
 * private-key-file      PEM file of the App's private key (PKCS#1 or PKCS#8), mounted from a Secret
 * token-refresh-before  5m: a token is replaced this long before it expires (GitHub's last an hour)
 * timeout               10s: each REST call
 * </pre>
 */
public interface GitHubAppConfig {

    /** REST API base URL. */
    @WithDefault("https://api.github.com")
    URI apiUrl();

    /** GitHub App id (or client id): the JWT issuer. */
    Optional<String> appId();

    /** Installation id of the App on the repositories' account. */
    Optional<Long> installationId();

    /** PEM file of the App's private key (PKCS#1 or PKCS#8). */
    Optional<Path> privateKeyFile();

    /** An installation token is replaced this long before it expires. */
    @WithDefault("5m")
    Duration tokenRefreshBefore();

    /** Timeout of each REST call. */
    @WithDefault("10s")
    Duration timeout();
}
