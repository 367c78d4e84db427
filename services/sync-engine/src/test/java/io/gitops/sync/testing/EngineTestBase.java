package io.gitops.sync.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sync.SyncEngine;
import io.gitops.sync.SyncSettings;
import io.gitops.sync.shard.Ownership;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the engine ITs share: per test class a Git server and a sandbox without simulator (a subclass may
 * annotate {@code @WithSandbox} itself to change that), per test a fresh config repository on that server, a recording
 * sink and a real engine (closed after the test).
 */
@WithSandbox(simulate = false)
@WithGitServer
public abstract class EngineTestBase {

    private static final AtomicInteger REPOS = new AtomicInteger();

    @Provided
    protected static SandboxCluster sandbox;

    @Provided
    protected static LocalGitServer git;

    @TempDir
    protected Path workDir;

    protected ConfigRepoFixture repo;
    protected RecordingSink sink;
    protected SyncEngine engine;

    private final String repoPrefix;

    /** {@code repoPrefix}: the name of each test's repository, before a number unique in the JVM. */
    protected EngineTestBase(String repoPrefix) {
        this.repoPrefix = repoPrefix;
    }

    @BeforeEach
    void newRepositoryAndEngine() {
        repo = ConfigRepoFixture.create(git, repoPrefix + REPOS.incrementAndGet());
        sink = new RecordingSink();
        engine = Engines.engine(client(), repo.url(), workDir, sink);
    }

    /** Replaces this test's engine by one that creates missing namespaces ({@code gitops.sync.create-namespaces}). */
    protected void createNamespaces() {
        engine.close();
        engine = Engines.engine(client(), repo.url(), workDir,
                SyncSettings.defaults(ConfigRepoFixture.FULL_NAME).withCreateNamespaces(true), Ownership.ALL, sink);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    protected static KubernetesClient client() {
        return sandbox.client();
    }
}
