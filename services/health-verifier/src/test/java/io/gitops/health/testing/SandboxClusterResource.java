package io.gitops.health.testing;

import java.nio.file.Path;
import java.util.Map;

import io.gitops.sandbox.SandboxCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application's Kubernetes client at the shared sandbox the way production points it at a cluster:
 * writes the sandbox's kubeconfig and hands it to fabric8's default configuration (the {@code kubeconfig} system
 * property, i.e. {@code KUBECONFIG}), so no Quarkus-specific client setting is involved. Injects the sandbox into
 * fields annotated {@link InjectSandbox}.
 */
public class SandboxClusterResource implements QuarkusTestResourceLifecycleManager {

    /** fabric8's system property for the kubeconfig file (the {@code KUBECONFIG} environment variable's twin). */
    static final String KUBECONFIG_PROPERTY = "kubeconfig";

    @Override
    public Map<String, String> start() {
        SandboxCluster sandbox = SharedSandbox.get();
        Path kubeconfig = sandbox.writeKubeconfig(Path.of("target", "sandbox-kubeconfig.yaml")).toAbsolutePath();
        System.setProperty(KUBECONFIG_PROPERTY, kubeconfig.toString());
        return Map.of("kubernetes.master", sandbox.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(SharedSandbox.get(),
                new TestInjector.AnnotatedAndMatchesType(InjectSandbox.class, SandboxCluster.class));
    }

    @Override
    public void stop() {
        // The shared sandbox is closed by its JVM shutdown hook; the next start writes the kubeconfig again.
    }
}
