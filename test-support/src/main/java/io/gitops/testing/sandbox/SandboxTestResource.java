package io.gitops.testing.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Provided;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Quarkus test resource that starts a {@link SandboxCluster} for the application, its kubeconfig written to a
 * temporary file.
 *
 * <p>Init args: {@code simulate} ({@code true} by default), {@code tick-ms} (200 by default), {@code shared}
 * ({@code true}: the JVM's sandbox of that configuration, the one {@code @WithSandbox(scope = JVM)} tests get too,
 * closed when the JVM exits; else, the default, a sandbox of its own closed when the application stops), and the names
 * of the properties to set: config properties {@code url-property} (the API server URL) and {@code kubeconfig-property}
 * (the kubeconfig path), system properties {@code url-system-property} and {@code kubeconfig-system-property} (for
 * fabric8's default configuration, {@code kubernetes.master} and {@code kubeconfig}; cleared when the application
 * stops). A subclass adds properties in {@link #configure(SandboxCluster, Path)}. Injects the sandbox into
 * {@link Provided} {@code SandboxCluster} fields of the test.
 */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();
    private Sandboxes.Handle handle;
    private boolean shared;

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    /** Further config properties for the application. */
    protected Map<String, String> configure(SandboxCluster sandbox, Path kubeconfig) {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        boolean simulate = Boolean.parseBoolean(args.getOrDefault("simulate", "true"));
        Duration tick = Duration.ofMillis(Long.parseLong(args.getOrDefault("tick-ms", "200")));
        shared = Boolean.parseBoolean(args.getOrDefault("shared", "false"));
        handle = shared ? Sandboxes.shared(simulate, tick) : Sandboxes.start(simulate, tick);
        String url = handle.cluster().url();
        String kubeconfig = handle.kubeconfig().toString();
        systemProperty("url-system-property", url);
        systemProperty("kubeconfig-system-property", kubeconfig);
        Map<String, String> config = new HashMap<>();
        property(config, "url-property", url);
        property(config, "kubeconfig-property", kubeconfig);
        config.putAll(configure(handle.cluster(), handle.kubeconfig()));
        return config;
    }

    private void property(Map<String, String> config, String arg, String value) {
        String name = args.get(arg);
        if (name != null && !name.isBlank()) {
            config.put(name, value);
        }
    }

    private void systemProperty(String arg, String value) {
        String name = args.get(arg);
        if (name != null && !name.isBlank()) {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(handle.cluster(),
                new TestInjector.AnnotatedAndMatchesType(Provided.class, SandboxCluster.class));
    }

    @Override
    public void stop() {
        systemProperty("url-system-property", null);
        systemProperty("kubeconfig-system-property", null);
        if (handle != null && !shared) {
            handle.close();
        }
        handle = null;
    }
}
