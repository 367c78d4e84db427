package io.gitops.gitserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Git server over smart HTTP for tests and the embedded stack: every bare repository under the base directory
 * is served at {@code http://127.0.0.1:<port>/git/<owner>/<name>.git} for clone, fetch and push.
 *
 * <p>Besides serving Git, it seeds repositories, commits "as an outsider" straight into them, rejects or delays pushes
 * on demand and tells listeners about every ref update. It is a test and development server, not a Git host.
 *
 * <p>All methods are thread-safe. Methods doing Git I/O throw {@link UncheckedIOException} on I/O failure,
 * {@link IllegalArgumentException} for an invalid owner, name, branch or path, and
 * {@link java.util.NoSuchElementException} for a missing branch.
 */
public final class LocalGitServer implements AutoCloseable {

    /** The identity of {@link #commitAsOutsider} commits. */
    public static final GitIdentity OUTSIDER = new GitIdentity("Outside Contributor", "outsider@example.invalid");
    /** The identity of seeding commits. */
    public static final GitIdentity SEEDER = new GitIdentity("Local Git Server", "seed@local-git-server.invalid");

    private static final Logger LOG = LoggerFactory.getLogger(LocalGitServer.class);

    private final GitHttpEndpoint endpoint;
    private final RepositoryLocator locator;
    private final RepositoryWriter writer;
    private final RepositoryReader reader;
    private final PushPolicies policies;
    private final PushListeners listeners;
    private final PushNotificationFactory notifications;

    private LocalGitServer(GitHttpEndpoint endpoint, RepositoryLocator locator, PushPolicies policies,
            PushListeners listeners, PushNotificationFactory notifications) {
        this.endpoint = endpoint;
        this.locator = locator;
        this.writer = new RepositoryWriter(locator);
        this.reader = new RepositoryReader(locator);
        this.policies = policies;
        this.listeners = listeners;
        this.notifications = notifications;
    }

    /** Starts a server; the base directory is created when missing and existing repositories in it are served. */
    public static LocalGitServer start(GitServerOptions options) {
        try {
            Files.createDirectories(options.baseDirectory());
            RepositoryLocator locator = new RepositoryLocator(options.baseDirectory());
            GitHttpEndpoint endpoint = new GitHttpEndpoint(options.port());
            PushPolicies policies = new PushPolicies();
            PushListeners listeners = new PushListeners();
            PushNotificationFactory notifications = new PushNotificationFactory(endpoint.url());
            GitServlet servlet = new GitServlet();
            servlet.setRepositoryResolver(locator);
            servlet.setReceivePackFactory(new GitReceivePackFactory(locator, policies, notifications, listeners));
            endpoint.start(servlet, options.credentials());
            LOG.info("Git server on {} serving {}{}", endpoint.url(), locator.baseDirectory(),
                    options.credentials().map(c -> " (basic auth, user " + c.username() + ")").orElse(""));
            return new LocalGitServer(endpoint, locator, policies, listeners, notifications);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Git server", e);
        }
    }

    /** The Git root URL, {@code http://127.0.0.1:<port>/git}; a repository is at {@code <url>/<owner>/<name>.git}. */
    public String url() {
        return endpoint.url();
    }

    public int port() {
        return endpoint.port();
    }

    public Path baseDirectory() {
        return locator.baseDirectory();
    }

    /** {@code http://127.0.0.1:<port>/git/<owner>/<name>.git} */
    public String repoUrl(String owner, String name) {
        locator.directoryOf(owner, name);
        return notifications.cloneUrl(owner + "/" + name);
    }

    /** Creates {@code owner/name} whose {@code branch} (also its HEAD) holds {@code files}; returns the commit SHA. */
    public String createRepository(String owner, String name, String branch, Map<String, String> files) {
        return io(() -> writer.create(owner, name, branch, SeedFile.fromStrings(files), person(SEEDER),
                "Initial commit").after().name());
    }

    /**
     * Creates {@code owner/name} whose {@code branch} holds a copy of every file under {@code directory} (executable
     * bits kept, {@code .git} skipped); returns the commit SHA.
     */
    public String createRepository(String owner, String name, String branch, Path directory) {
        return io(() -> writer.create(owner, name, branch, SeedFile.fromDirectory(directory), person(SEEDER),
                "Initial commit from " + directory.getFileName()).after().name());
    }

    /** Whether {@code owner/name} exists. */
    public boolean repositoryExists(String owner, String name) {
        return Files.isDirectory(locator.directoryOf(owner, name));
    }

    /**
     * Commits straight into the bare repository, as someone else pushing to {@code branch} would (listeners are
     * notified, push policies do not apply); creates the branch when missing. Returns the new SHA.
     */
    public String commitAsOutsider(String owner, String name, String branch, Map<String, String> filesToWrite,
            String message) {
        return commitAsOutsider(owner, name, branch, filesToWrite, Set.of(), message);
    }

    /** Like {@link #commitAsOutsider(String, String, String, Map, String)}, also deleting {@code pathsToDelete}. */
    public String commitAsOutsider(String owner, String name, String branch, Map<String, String> filesToWrite,
            Collection<String> pathsToDelete, String message) {
        return io(() -> {
            BranchUpdate update = writer.commit(owner, name, branch, SeedFile.fromStrings(filesToWrite),
                    pathsToDelete, person(OUTSIDER), message);
            try (Repository repository = locator.open(owner, name)) {
                listeners.fire(notifications.create(repository, owner + "/" + name, update.ref(), update.before(),
                        update.after(), false, Optional.empty()));
            }
            return update.after().name();
        });
    }

    /** The SHA at the tip of {@code branch}. */
    public String headOf(String owner, String name, String branch) {
        return io(() -> reader.headOf(owner, name, branch));
    }

    /** The UTF-8 content of {@code path} at the tip of {@code branch}, empty when there is no such file. */
    public Optional<String> readFile(String owner, String name, String branch, String path) {
        return io(() -> reader.readFile(owner, name, branch, path));
    }

    /** The history of {@code branch}, newest first. */
    public List<GitCommit> log(String owner, String name, String branch) {
        return io(() -> reader.log(owner, name, branch));
    }

    /** The branch names of {@code owner/name}, sorted. */
    public List<String> branches(String owner, String name) {
        return io(() -> reader.branches(owner, name));
    }

    /** From now on every push to {@code owner/name} is rejected, the client seeing {@code reason} on each ref. */
    public void rejectPushes(String owner, String name, String reason) {
        policies.reject(fullName(owner, name), reason);
    }

    /** Undoes {@link #rejectPushes}. */
    public void acceptPushes(String owner, String name) {
        policies.accept(fullName(owner, name));
    }

    /**
     * From now on every push to {@code owner/name} is held for {@code delay} after its pack was received and before
     * its refs move (a zero delay turns this off). See {@link #pushesBeingDelayed}.
     */
    public void delayPushes(String owner, String name, Duration delay) {
        policies.delay(fullName(owner, name), delay);
    }

    /** How many pushes to {@code owner/name} are being held by {@link #delayPushes} right now. */
    public int pushesBeingDelayed(String owner, String name) {
        return policies.held(fullName(owner, name));
    }

    /**
     * Calls {@code listener} after every ref update (push or outsider commit), on the updating thread, once the ref
     * has moved. A failing listener is logged and ignored.
     */
    public PushSubscription onPush(Consumer<PushNotification> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        endpoint.close();
        LOG.info("Git server on {} stopped", endpoint.url());
    }

    private String fullName(String owner, String name) {
        locator.directoryOf(owner, name);
        return owner + "/" + name;
    }

    private static PersonIdent person(GitIdentity identity) {
        return new PersonIdent(identity.name(), identity.email());
    }

    private static <T> T io(IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}
