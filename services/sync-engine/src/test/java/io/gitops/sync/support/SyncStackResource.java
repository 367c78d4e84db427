package io.gitops.sync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox cluster (its kubeconfig written, the Kubernetes client pointed at it) and a Git server holding
 * a config repository with one app, {@code svc/prod}, and points the sync engine at both.
 */
public class SyncStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String APP = "svc";
    public static final String ENV = "prod";

    private SyncStack stack;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("sync-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false));
        Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
        ConfigRepoFixture repo = ConfigRepoFixture.start(dir.resolve("git"));
        String first = repo.addApp(APP, ENV, SyncEngineTags.GOOD, true, true);
        stack = new SyncStack(sandbox, repo, first);
        Map<String, String> config = new HashMap<>();
        // the default fabric8 configuration, as in production: kubernetes.master / kubeconfig
        System.setProperty("kubernetes.master", sandbox.url());
        System.setProperty("kubeconfig", kubeconfig.toString());
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
        if (stack != null) {
            stack.repo().close();
            stack.sandbox().close();
        }
    }
}
