package io.gitops.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.git.GitServers;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link WithGitServer}: resolves {@link LocalGitServer} parameters and {@link Provided} fields.
 * With {@link Scope#CLASS} the server is kept in the top-level class's extension store, so JUnit closes it (and
 * deletes its directory) when that class's tests are done; with {@link Scope#JVM} it comes from
 * {@link GitServers#shared}.
 */
public class GitServerExtension extends InjectingExtension {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GitServerExtension.class);

    @Override
    boolean handles(Class<?> type, AnnotatedElement element) {
        return type == LocalGitServer.class;
    }

    @Override
    Object value(Class<?> type, AnnotatedElement element, ExtensionContext context) {
        return handle(context).server();
    }

    private static GitServers.Handle handle(ExtensionContext context) {
        WithGitServer config = annotation(context, WithGitServer.class);
        Optional<GitCredentials> credentials = GitServers.credentials(config.username(), config.password());
        if (config.scope() == Scope.JVM) {
            return GitServers.shared(credentials);
        }
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(GitServers.Handle.class, key -> GitServers.start(credentials),
                        GitServers.Handle.class);
    }
}
