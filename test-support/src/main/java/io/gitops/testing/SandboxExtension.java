package io.gitops.testing;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.time.Duration;

import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.sandbox.Sandboxes;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link WithSandbox}: resolves {@link SandboxCluster} parameters and {@link Provided} fields, and
 * {@link Kubeconfig} {@code Path}s. With {@link Scope#CLASS} the sandbox is kept in the top-level class's extension
 * store, so JUnit closes it when that class's tests are done; with {@link Scope#JVM} it comes from
 * {@link Sandboxes#shared}.
 */
public class SandboxExtension extends InjectingExtension {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

    @Override
    boolean handles(Class<?> type, AnnotatedElement element) {
        return type == SandboxCluster.class || type == Path.class && element.isAnnotationPresent(Kubeconfig.class);
    }

    @Override
    Object value(Class<?> type, AnnotatedElement element, ExtensionContext context) {
        Sandboxes.Handle handle = handle(context);
        return type == SandboxCluster.class ? handle.cluster() : handle.kubeconfig();
    }

    private static Sandboxes.Handle handle(ExtensionContext context) {
        WithSandbox config = annotation(context, WithSandbox.class);
        Duration tick = Duration.ofMillis(config.tickMillis());
        if (config.scope() == Scope.JVM) {
            return Sandboxes.shared(config.simulate(), tick, config.authorization());
        }
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(Sandboxes.Handle.class,
                        key -> Sandboxes.start(config.simulate(), tick, config.authorization()),
                        Sandboxes.Handle.class);
    }
}
