package io.gitops.testing.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.SharedResources;
import io.gitops.testing.TempDirs;

/** Starts {@link LocalGitServer}s in their own temporary directory, which closing the handle deletes. */
public final class GitServers {

    private GitServers() {
    }

    /** A started server and its directory; {@link #close()} stops the server and deletes the directory. */
    public record Handle(LocalGitServer server, Path directory) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            TempDirs.delete(directory);
        }
    }

    /** A new server on a random port (anonymous access when {@code credentials} is empty); the caller closes it. */
    public static Handle start(Optional<GitCredentials> credentials) {
        Path directory = TempDirs.create("local-git-server");
        GitServerOptions options = GitServerOptions.of(directory.resolve("repositories"));
        LocalGitServer server = LocalGitServer.start(credentials.map(options::withCredentials).orElse(options));
        return new Handle(server, directory);
    }

    /** The JVM's server with these credentials, started on first use and closed when the JVM exits. */
    public static Handle shared(Optional<GitCredentials> credentials) {
        return SharedResources.get(List.of(GitServers.class, credentials.map(GitServers::key)),
                () -> start(credentials));
    }

    private static String key(GitCredentials credentials) {
        return credentials.username() + ":" + credentials.password();
    }

    /** Credentials from an annotation's or init args' user name and password: none when the user name is empty. */
    public static Optional<GitCredentials> credentials(String username, String password) {
        return username == null || username.isEmpty() ? Optional.empty()
                : Optional.of(new GitCredentials(username, password == null ? "" : password));
    }
}
