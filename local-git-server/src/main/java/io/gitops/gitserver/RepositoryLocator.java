package io.gitops.gitserver;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;

/**
 * Maps {@code owner/name} to the bare repository {@code <base>/<owner>/<name>.git}, validating both parts so that no
 * request or caller can reach outside the base directory.
 */
final class RepositoryLocator implements RepositoryResolver<HttpServletRequest> {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final String SUFFIX = ".git";

    private final Path baseDirectory;

    RepositoryLocator(Path baseDirectory) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }

    Path baseDirectory() {
        return baseDirectory;
    }

    /** The directory of {@code owner/name}; throws {@link IllegalArgumentException} for an invalid name. */
    Path directoryOf(String owner, String name) {
        requireValid("owner", owner);
        requireValid("name", name);
        if (name.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("name must not end with .git: " + name);
        }
        return baseDirectory.resolve(owner).resolve(name + SUFFIX);
    }

    /** Opens the existing repository {@code owner/name}; the caller closes it. */
    Repository open(String owner, String name) throws IOException {
        Path directory = directoryOf(owner, name);
        if (!Files.isDirectory(directory)) {
            throw new RepositoryNotFoundException(owner + "/" + name);
        }
        return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
    }

    /** {@code owner/name} of a repository opened through this locator. */
    String fullNameOf(Repository repository) {
        Path directory = repository.getDirectory().toPath().toAbsolutePath().normalize();
        String name = directory.getFileName().toString();
        String owner = directory.getParent().getFileName().toString();
        return owner + "/" + name.substring(0, name.length() - SUFFIX.length());
    }

    /** Resolves the path after the servlet ({@code owner/name.git}) of an HTTP request. */
    @Override
    public Repository open(HttpServletRequest request, String path) throws RepositoryNotFoundException {
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        if (parts.length != 2 || !parts[1].endsWith(SUFFIX)) {
            throw new RepositoryNotFoundException(path);
        }
        String owner = parts[0];
        String name = parts[1].substring(0, parts[1].length() - SUFFIX.length());
        try {
            return open(owner, name);
        } catch (IllegalArgumentException | IOException e) {
            RepositoryNotFoundException notFound = new RepositoryNotFoundException(path);
            notFound.initCause(e);
            throw notFound;
        }
    }

    private static void requireValid(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(
                    what + " must match " + SEGMENT.pattern() + " without '..', was: " + value);
        }
    }
}
