package io.gitops.gitserver;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link LocalGitServer}.
 *
 * @param baseDirectory where the bare repositories live, as {@code <owner>/<name>.git}; created when missing
 * @param port          TCP port on 127.0.0.1; {@code 0} picks a free one
 * @param credentials   when present, every request must carry them (HTTP basic), else it gets 401
 */
public record GitServerOptions(Path baseDirectory, int port, Optional<GitCredentials> credentials) {

    public GitServerOptions {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(credentials, "credentials");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
    }

    /** Anonymous access on a random port. */
    public static GitServerOptions of(Path baseDirectory) {
        return new GitServerOptions(baseDirectory, 0, Optional.empty());
    }

    public GitServerOptions withPort(int newPort) {
        return new GitServerOptions(baseDirectory, newPort, credentials);
    }

    public GitServerOptions withCredentials(GitCredentials newCredentials) {
        return new GitServerOptions(baseDirectory, port, Optional.of(newCredentials));
    }
}
