package io.gitops.sync.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.gitops.config.ConfigRepoReader;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.GitRepositorySettings;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the sync engine keeps of the config repository, on the service kit's {@link GitClient}: the clone under the
 * work directory, opened at the first fetch, and each new commit exported into a directory of its own (with its
 * catalog read), so that a sync pass reads one consistent commit while the next one is being fetched. Older exports
 * are deleted, keeping the current and the previous one. Fetch failures become {@link FetchException}s, which the
 * engine reports as {@code FETCH_FAILED} outcomes.
 */
public final class ConfigRepo implements AutoCloseable {

    private final GitRepositorySettings settings;
    private final Path workDir;
    private GitClient client;
    private volatile ConfigSnapshot current;

    /** A clone of {@code settings}' branch under {@code workDir}; nothing is fetched before {@link #fetch()}. */
    public ConfigRepo(GitRepositorySettings settings, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
    }

    /** The URL without user info, for logs and messages. */
    public String url() {
        return settings.displayUrl();
    }

    public String branch() {
        return settings.branch();
    }

    /** The last snapshot fetched, if any. */
    public Optional<ConfigSnapshot> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Fetches the branch and returns its snapshot (the current one when the branch did not move).
     *
     * @throws FetchException when the repository cannot be reached, read or exported
     */
    public synchronized ConfigSnapshot fetch() {
        try {
            GitClient git = fetched();
            ObjectId head = git.head().orElseThrow(() -> new FetchException("branch " + branch() + " not found in "
                    + url(), null));
            ConfigSnapshot snapshot = current;
            if (snapshot != null && snapshot.commit().equals(head.name())) {
                return snapshot;
            }
            Path root = git.export(head, workDir.resolve("checkouts").resolve(head.name()));
            snapshot = new ConfigSnapshot(head.name(), root, ConfigRepoReader.read(root), git);
            current = snapshot;
            cleanUp(head.name());
            return snapshot;
        } catch (GitException e) {
            throw new FetchException("cannot fetch " + url() + " (" + branch() + "): " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new FetchException("cannot read the export of " + url() + ": " + e.getMessage(), e);
        }
    }

    /** The clone, freshly fetched: opened (cloned or reused) the first time, until that succeeds. */
    private GitClient fetched() {
        if (client == null) {
            client = GitClient.open(workDir.resolve("clone"), settings);
        } else {
            client.fetch();
        }
        return client;
    }

    private void cleanUp(String keep) {
        Path checkouts = workDir.resolve("checkouts");
        try (Stream<Path> dirs = Files.list(checkouts)) {
            List<Path> old = dirs.filter(d -> !d.getFileName().toString().equals(keep))
                    .sorted(Comparator.comparing(ConfigRepo::modified).reversed())
                    .toList();
            // keep the previous export: a sync pass may still be reading it
            for (Path dir : old.subList(Math.min(1, old.size()), old.size())) {
                deleteTree(dir);
            }
        } catch (IOException | UncheckedIOException e) {
            // left for the next fetch
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
