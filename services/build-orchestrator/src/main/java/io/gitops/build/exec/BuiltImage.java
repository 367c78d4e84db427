package io.gitops.build.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The digest an executor that builds and pushes images ({@link StageExecutor#buildsImages()}) reported for the
 * pipeline's image, kept in the local workspace between the build and the push stage, where the push stage checks
 * it against the digest the registry reports.
 */
public final class BuiltImage {

    /** Workspace-relative file holding the reported digest. */
    public static final String DIGEST_FILE = ".gitops/image-digest";

    private BuiltImage() {
    }

    public static void record(Path workspace, String digest) throws IOException {
        Path file = workspace.resolve(DIGEST_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, digest, StandardCharsets.UTF_8);
    }

    /** The digest recorded in this workspace, if any (absent after a restart or with other executors). */
    public static Optional<String> reported(Path workspace) {
        Path file = workspace.resolve(DIGEST_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
