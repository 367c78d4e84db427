package io.gitops.sync.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.gitops.config.ConfigRepoReader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The sync engine's clone of the config repository: a bare single-branch clone under the work directory, fetched on
 * demand, and a checkout of each new commit into its own directory, so that a sync pass reads one consistent commit
 * while the next one is being fetched. Older checkouts are deleted, keeping the current and the previous one.
 */
public final class ConfigRepo implements AutoCloseable {

    private final String url;
    private final String branch;
    private final Optional<GitAuth> auth;
    private final Path workDir;
    private final Duration timeout;
    private Repository repository;
    private volatile ConfigSnapshot current;

    public ConfigRepo(String url, String branch, Optional<GitAuth> auth, Path workDir, Duration timeout) {
        this.url = url;
        this.branch = branch;
        this.auth = auth;
        this.workDir = workDir;
        this.timeout = timeout;
    }

    public String url() {
        return url;
    }

    public String branch() {
        return branch;
    }

    /** The last snapshot fetched, if any. */
    public Optional<ConfigSnapshot> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Fetches the branch and returns its snapshot (the current one when the branch did not move).
     *
     * @throws FetchException when the repository cannot be reached, read or checked out
     */
    public synchronized ConfigSnapshot fetch() {
        try {
            Repository repo = open();
            try (Git git = new Git(repo)) {
                configure(git.fetch().setRemote(url)
                        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch)))
                        .call();
            }
            Ref head = repo.exactRef(Constants.R_HEADS + branch);
            if (head == null || head.getObjectId() == null) {
                throw new FetchException("branch " + branch + " not found in " + url, null);
            }
            String commit = head.getObjectId().name();
            ConfigSnapshot snapshot = current;
            if (snapshot != null && snapshot.commit().equals(commit)) {
                return snapshot;
            }
            Path root = checkout(repo, head.getObjectId());
            snapshot = new ConfigSnapshot(commit, root, ConfigRepoReader.read(root), repo);
            current = snapshot;
            cleanUp(commit, snapshot);
            return snapshot;
        } catch (GitAPIException e) {
            throw new FetchException("cannot fetch " + url + " (" + branch + "): " + rootMessage(e), e);
        } catch (IOException | UncheckedIOException e) {
            throw new FetchException("cannot read the clone of " + url + ": " + rootMessage(e), e);
        }
    }

    private Repository open() throws IOException, GitAPIException {
        if (repository != null) {
            return repository;
        }
        Path gitDir = workDir.resolve("repo.git");
        if (Files.isDirectory(gitDir)) {
            try {
                repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
                return repository;
            } catch (RepositoryNotFoundException e) {
                deleteTree(gitDir);
            }
        }
        Files.createDirectories(workDir);
        try (Git ignored = Git.init().setBare(true).setGitDir(gitDir.toFile()).setInitialBranch(branch).call()) {
            // created; opened below for the lifetime of this clone
        }
        repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        return repository;
    }

    private <T extends TransportCommand<?, ?>> T configure(T command) {
        command.setTimeout((int) Math.max(1, timeout.toSeconds()));
        auth.ifPresent(a -> command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(a.username(), a.secret())));
        return command;
    }

    private Path checkout(Repository repo, ObjectId commitId) throws IOException {
        Path root = workDir.resolve("checkouts").resolve(commitId.name());
        if (Files.isDirectory(root)) {
            return root;
        }
        Path partial = workDir.resolve("checkouts").resolve(commitId.name() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
             TreeWalk tree = new TreeWalk(reader)) {
            RevCommit commit = walk.parseCommit(commitId);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                Path file = partial.resolve(tree.getPathString()).normalize();
                if (!file.startsWith(partial)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    reader.open(tree.getObjectId(0)).copyTo(out);
                }
            }
        }
        Files.move(partial, root);
        return root;
    }

    private void cleanUp(String keep, ConfigSnapshot snapshot) {
        Path checkouts = workDir.resolve("checkouts");
        try (Stream<Path> dirs = Files.list(checkouts)) {
            List<Path> old = dirs.filter(d -> !d.getFileName().toString().equals(keep))
                    .sorted(Comparator.comparing(ConfigRepo::modified).reversed())
                    .toList();
            // keep the previous checkout: a sync pass may still be reading it
            for (Path dir : old.subList(Math.min(1, old.size()), old.size())) {
                deleteTree(dir);
            }
        } catch (IOException e) {
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

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return e == cause ? message : e.getMessage() + " (" + message + ")";
    }

    @Override
    public synchronized void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
