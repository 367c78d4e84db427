package io.gitops.testing.git;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.Provided;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Quarkus test resource that starts a {@link LocalGitServer} (temporary directory, random port) for the application
 * and closes it, deleting the directory, when the application stops.
 *
 * <p>Init args: {@code username} and {@code password} (HTTP basic credentials the server demands; none when
 * {@code username} is absent), and the names of the config properties to set: {@code url-property} (the server's Git
 * root URL), {@code username-property}, {@code password-property}. A service that needs repositories seeds them in a
 * subclass's {@link #configure(LocalGitServer)}, which returns further properties. Injects the server into
 * {@link Provided} {@code LocalGitServer} fields of the test; {@link #server()} returns the running one.
 */
public class GitServerTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile LocalGitServer current;

    private Map<String, String> args = Map.of();
    private GitServers.Handle handle;

    /** The server of the running application (the last one started), or {@code null}. */
    public static LocalGitServer server() {
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    /** Seeds the server for the application; the returned properties are added to the application's config. */
    protected Map<String, String> configure(LocalGitServer server) {
        return Map.of();
    }

    /** The credentials from the init args, if any. */
    protected Optional<GitCredentials> credentials() {
        return GitServers.credentials(args.get("username"), args.get("password"));
    }

    @Override
    public Map<String, String> start() {
        Optional<GitCredentials> credentials = credentials();
        handle = GitServers.start(credentials);
        current = handle.server();
        Map<String, String> config = new HashMap<>();
        put(config, "url-property", handle.server().url());
        credentials.ifPresent(c -> {
            put(config, "username-property", c.username());
            put(config, "password-property", c.password());
        });
        config.putAll(configure(handle.server()));
        return config;
    }

    private void put(Map<String, String> config, String arg, String value) {
        String property = args.get(arg);
        if (property != null && !property.isBlank()) {
            config.put(property, value);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(handle.server(),
                new TestInjector.AnnotatedAndMatchesType(Provided.class, LocalGitServer.class));
    }

    @Override
    public void stop() {
        if (handle != null) {
            handle.close();
            handle = null;
        }
    }
}
