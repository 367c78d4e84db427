package io.gitops.health.testing;

import java.time.Duration;

import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;

/**
 * One sandbox per test JVM (Failsafe runs every IT of the module in one fork), closed when the JVM exits. A 50 ms
 * kubelet tick keeps rollouts short; deadlines run in real time ({@code progressDeadlineSeconds: 1} is one second).
 */
public final class SharedSandbox {

    private static SandboxCluster sandbox;

    private SharedSandbox() {
    }

    public static synchronized SandboxCluster get() {
        if (sandbox == null) {
            sandbox = SandboxCluster.start(SandboxOptions.defaults().withTick(Duration.ofMillis(50)));
            sandbox.simulator().awaitAttached(Duration.ofSeconds(30));
            SandboxCluster started = sandbox;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sandbox-shutdown"));
        }
        return sandbox;
    }
}
