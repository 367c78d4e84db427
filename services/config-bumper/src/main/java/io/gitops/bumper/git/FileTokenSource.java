package io.gitops.bumper.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token read from a mounted file (e.g. a Kubernetes Secret), re-read on every use so a rotated file takes effect
 * without a restart. Errors name the file, never its content.
 */
public record FileTokenSource(Path file) implements TokenSource {

    @Override
    public String token() {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
        if (token.isEmpty()) {
            throw new IllegalStateException("the token file " + file + " is empty");
        }
        return token;
    }
}
