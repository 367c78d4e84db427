package io.gitops.sync.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.gitops.testing.TempDirs;
import io.gitops.testing.git.GitServers;
import io.gitops.testing.sandbox.Sandboxes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox cluster (its kubeconfig written, the Kubernetes client pointed at it) and a Git server holding
 * a config repository with one app, {@code svc/prod}, and points the sync engine at both. Both come from
 * test-support and are closed when the application stops.
 */
public class SyncStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String APP = "svc";
    public static final String ENV = "prod";

    private Sandboxes.Handle sandbox;
    private GitServers.Handle git;
    private SyncStack stack;
    private Path dir;

    @Override
    public Map<String, String> start() {
        dir = TempDirs.create("sync-stack");
        sandbox = Sandboxes.start(false, Duration.ofMillis(200));
        git = GitServers.start(Optional.empty());
        ConfigRepoFixture repo = ConfigRepoFixture.create(git.server(), ConfigRepoFixture.NAME);
        String first = repo.addApp(APP, ENV, SyncEngineTags.GOOD, true, true);
        stack = new SyncStack(sandbox.cluster(), repo, first);
        Map<String, String> config = new HashMap<>();
        // the default fabric8 configuration, as in production: kubernetes.master / kubeconfig
        System.setProperty("kubernetes.master", sandbox.cluster().url());
        System.setProperty("kubeconfig", sandbox.kubeconfig().toString());
        config.put("gitops.sync.repo.url", repo.url());
        config.put("gitops.sync.repo.name", ConfigRepoFixture.FULL_NAME);
        config.put("gitops.sync.work-dir", dir.resolve("work").toString());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.AnnotatedAndMatchesType(InjectStack.class,
                SyncStack.class));
    }

    @Override
    public void stop() {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubeconfig");
        if (git != null) {
            git.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (dir != null) {
            TempDirs.delete(dir);
        }
    }
}
