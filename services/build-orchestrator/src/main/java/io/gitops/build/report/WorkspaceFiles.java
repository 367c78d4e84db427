package io.gitops.build.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import io.gitops.config.ConfigRepoLayout;

/**
 * Files the orchestrator reads from a workspace (reports, {@code report-task.txt}, the Dockerfile), resolved without
 * following links: the path must be a safe relative path ({@link ConfigRepoLayout#resolve}), no component of it may
 * be a symbolic link (a committed one, or one a stage command made), and files are opened with
 * {@link LinkOption#NOFOLLOW_LINKS}. So nothing outside the workspace is ever read through it.
 */
public final class WorkspaceFiles {

    private WorkspaceFiles() {
    }

    /**
     * The regular file {@code relative} under {@code root}; empty when there is none.
     *
     * @throws IllegalArgumentException when the path is not a safe relative path or passes through a symbolic link
     */
    public static Optional<Path> regularFile(Path root, String relative) {
        Path path = resolve(root, relative);
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
    }

    /** Like {@link #regularFile} for a directory. */
    public static Optional<Path> directory(Path root, String relative) {
        Path path = resolve(root, relative);
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
    }

    /**
     * {@code relative} under {@code root}, checked: a safe relative path, no component a symbolic link.
     *
     * @throws IllegalArgumentException naming the path and why
     */
    public static Path resolve(Path root, String relative) {
        Path path;
        try {
            path = ConfigRepoLayout.resolve(root, relative);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(relative + " is not a path inside the workspace");
        }
        Path base = root.normalize();
        Path current = base;
        for (Path part : base.relativize(path)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new IllegalArgumentException(relative + " passes through the symbolic link "
                        + base.relativize(current) + " (links are not followed out of the workspace)");
            }
        }
        return path;
    }

    /**
     * Writes {@code content} to {@code relative} under {@code root} (reports brought back from where a stage ran),
     * creating its directories, never through a symbolic link.
     *
     * @throws IllegalArgumentException when the path is not safe or passes through a symbolic link
     */
    public static void write(Path root, String relative, byte[] content) throws IOException {
        Path target = resolve(root, relative);
        Files.createDirectories(target.getParent());
        resolve(root, relative); // nothing became a link while the directories were made
        Files.write(target, content, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens a file found by this class, refusing a link that replaced it since. */
    public static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** The file's text (UTF-8), refusing a link that replaced it since. */
    public static String read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
