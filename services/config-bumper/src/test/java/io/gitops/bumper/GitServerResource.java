package io.gitops.bumper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real Git server with basic auth holding the seeded config repository, and points the service at it. */
public class GitServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile LocalGitServer server;

    static LocalGitServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("bumper-service-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = LocalGitServer.start(GitServerOptions.of(directory.resolve("server"))
                .withCredentials(GitBench.CREDENTIALS));
        server.createRepository(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, Fixtures.seed());
        return Map.of(
                "gitops.bumper.repo.url", server.repoUrl(Fixtures.OWNER, Fixtures.REPO),
                "gitops.bumper.repo.name", Fixtures.OWNER + "/" + Fixtures.REPO,
                "gitops.bumper.repo.username", GitBench.CREDENTIALS.username(),
                "gitops.bumper.repo.password", GitBench.CREDENTIALS.password(),
                "gitops.bumper.work-dir", directory.resolve("work").toString(),
                "gitops.bumper.coalesce-window", "100ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
