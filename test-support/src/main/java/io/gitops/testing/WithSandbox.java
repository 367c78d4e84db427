package io.gitops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test gets a {@code SandboxCluster} (Kubernetes API sandbox on a random port) as a parameter (of test,
 * lifecycle and constructor methods) or {@link Provided} field, and its kubeconfig file as a {@link Kubeconfig}
 * {@code Path}.
 *
 * <p>Lifecycle: with {@link Scope#CLASS} (the default) the sandbox is started when the test class first asks for it
 * and closed after the class's last test and {@code @AfterAll}; with {@link Scope#JVM} one sandbox per configuration
 * ({@link #simulate()}, {@link #tickMillis()}) is shared by every class of the JVM and by {@code SandboxTestResource},
 * and closed when the JVM exits. When the simulator runs, the sandbox is handed out only once the simulator is attached.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SandboxExtension.class)
public @interface WithSandbox {

    /** Whether the rollout simulator (controllers and kubelet) runs; off, workloads never get a status. */
    boolean simulate() default true;

    /** The simulator's tick in milliseconds (the sandbox default is 200). */
    long tickMillis() default 200;

    Scope scope() default Scope.CLASS;

    /**
     * Whether the sandbox authenticates and authorizes every request like kube-apiserver (bearer tokens, RBAC from
     * its stored Roles and bindings; {@code SandboxOptions.withAuthorization}); the injected client and kubeconfig
     * then hold the admin token. Off by default (unless {@code -Dsandbox.authorization=true}).
     */
    boolean authorization() default false;
}
