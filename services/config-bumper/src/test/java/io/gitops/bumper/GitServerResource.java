package io.gitops.bumper;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.TempDirs;
import io.gitops.testing.git.GitServerTestResource;

/**
 * test-support's Git server resource with the bench's basic-auth credentials, seeded with the config repository, and
 * the service's repository, credentials, work directory and coalescing window pointed at it.
 */
public class GitServerResource extends GitServerTestResource {

    private Path work;

    @Override
    protected Optional<GitCredentials> credentials() {
        return Optional.of(GitBench.CREDENTIALS);
    }

    @Override
    protected Map<String, String> configure(LocalGitServer server) {
        server.createRepository(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, Fixtures.seed());
        work = TempDirs.create("bumper-service-it");
        return Map.of(
                "gitops.bumper.repo.url", server.repoUrl(Fixtures.OWNER, Fixtures.REPO),
                "gitops.bumper.repo.name", Fixtures.OWNER + "/" + Fixtures.REPO,
                "gitops.bumper.repo.username", GitBench.CREDENTIALS.username(),
                "gitops.bumper.repo.password", GitBench.CREDENTIALS.password(),
                "gitops.bumper.work-dir", work.resolve("work").toString(),
                "gitops.bumper.coalesce-window", "100ms");
    }

    @Override
    public void stop() {
        super.stop();
        if (work != null) {
            TempDirs.delete(work);
        }
    }
}
