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
    private static volatile Path images;

    /** The OCI image layouts the service reads digests from ({@code <dir>/<repository path>}). */
    public static Path images() {
        return images;
    }

    @Override
    protected Optional<GitCredentials> credentials() {
        return Optional.of(GitBench.CREDENTIALS);
    }

    @Override
    protected Map<String, String> configure(LocalGitServer server) {
        server.createRepository(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, Fixtures.seed());
        work = TempDirs.create("bumper-service-it");
        images = work.resolve("images");
        return Map.of(
                "gitops.bumper.registry.layout.directory", images.toString(),
                "gitops.bumper.artifacts.pipeline-wait", "3s",
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
