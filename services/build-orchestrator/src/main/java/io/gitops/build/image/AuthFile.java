package io.gitops.build.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.build.registry.PushTarget;

/**
 * A Docker-style {@code config.json}/{@code auth.json} with the push credentials, readable only by the owner, so the
 * password never appears on a command line; deleted by {@link #close()}.
 */
final class AuthFile implements AutoCloseable {

    private final Path file;

    private AuthFile(Path file) {
        this.file = file;
    }

    static AuthFile write(Path directory, PushTarget target) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("config.json");
        ObjectNode auths = JsonNodeFactory.instance.objectNode();
        target.credentials().ifPresent(c -> auths.putObject(target.host()).put("auth", Base64.getEncoder()
                .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("auths", auths);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, root.toString());
        return new AuthFile(file);
    }

    Path path() {
        return file;
    }

    Path directory() {
        return file.getParent();
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: the directory is the pipeline's scratch space and is deleted with it
        }
    }
}
