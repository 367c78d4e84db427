package io.gitops.kit.git;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * The configuration of one Git repository, the same keys in every service: a SmallRye Config group to nest in a
 * service's {@code @ConfigMapping}, e.g. {@code Repo repo();} giving {@code gitops.bumper.repo.url} and so on. It only
 * carries values; {@link GitRepositorySettings#from(GitRepositoryConfig)} validates and turns them into a record.
 *
 * <pre>
 * url            clone URL, http or https, no credentials in it (required)
 * branch         main
 * name           how events name the repository, e.g. acme/gitops-config (default: owner/name from the URL)
 * username       HTTP basic user (with password or password-file), or the user a token is sent as
 * password       HTTP basic password (prefer password-file)
 * password-file  file holding the password, re-read on every use
 * token          a token, sent as the password of x-access-token (prefer token-file)
 * token-file     file holding the token, re-read on every use
 * timeout        30s: bound on connecting and on each wait for the remote
 * </pre>
 */
public interface GitRepositoryConfig extends GitCredentialsConfig {

    /** Clone URL (http or https; no user info). */
    String url();

    /** The branch read, committed to and pushed. */
    @WithDefault("main")
    String branch();

    /** How events name the repository (e.g. {@code acme/gitops-config}); default: {@code owner/name} of the URL. */
    Optional<String> name();

    /** Bound on connecting and on each wait for the remote during a clone, fetch, push or ls-remote. */
    @WithDefault("30s")
    Duration timeout();
}
