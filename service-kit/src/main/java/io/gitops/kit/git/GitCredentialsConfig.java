package io.gitops.kit.git;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The credential keys of Git access, the same in every service: a SmallRye Config group that
 * {@link GitRepositoryConfig} extends and that a service nests on its own where it reaches many repositories (the
 * orchestrator's application repositories). {@link GitCredentials#from(GitCredentialsConfig)} applies the one rule
 * that combines them.
 */
public interface GitCredentialsConfig {

    /** HTTP basic user, or the user a token is sent as. */
    Optional<String> username();

    /** HTTP basic password. */
    Optional<String> password();

    /** File holding the HTTP basic password, re-read on every use. */
    Optional<Path> passwordFile();

    /** A token, sent as the password of {@code x-access-token} unless {@link #username()} is set. */
    Optional<String> token();

    /** File holding the token, re-read on every use. */
    Optional<Path> tokenFile();
}
