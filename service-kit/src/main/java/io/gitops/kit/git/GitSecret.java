package io.gitops.kit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a password or token is read from: inline, a file re-read on every use (a rotated Kubernetes Secret takes
 * effect without a restart), or a {@link TokenSource}. Guarantees that {@code toString()} never shows the secret and
 * that errors name the file or source, never the content.
 */
public sealed interface GitSecret permits GitSecret.Inline, GitSecret.FromFile, GitSecret.FromSource {

    /** The secret as of now. Throws {@link IllegalStateException} or {@link UncheckedIOException} when unavailable. */
    String reveal();

    /** Forgets a cached value after the server refused it (only a {@link TokenSource} caches). */
    default void invalidate() {
    }

    static GitSecret inline(String value) {
        return new Inline(value);
    }

    static GitSecret fromFile(Path file) {
        return new FromFile(file);
    }

    static GitSecret from(TokenSource source) {
        return new FromSource(source);
    }

    /** A secret given as a value (configuration, environment). */
    record Inline(String value) implements GitSecret {
        public Inline {
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("a secret must not be blank");
            }
        }

        @Override
        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "Inline[***]";
        }
    }

    /** A secret in a file (surrounding whitespace stripped), read again on every use. */
    record FromFile(Path file) implements GitSecret {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String reveal() {
            String value;
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret file " + file, e);
            }
            if (value.isEmpty()) {
                throw new IllegalStateException("the secret file " + file + " is empty");
            }
            return value;
        }
    }

    /** A secret from a {@link TokenSource}; {@link #invalidate()} is passed on to it. */
    record FromSource(TokenSource source) implements GitSecret {
        public FromSource {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String reveal() {
            String value = source.token();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("the token source " + source.getClass().getName()
                        + " gave no token");
            }
            return value;
        }

        @Override
        public void invalidate() {
            source.invalidate();
        }

        @Override
        public String toString() {
            return "FromSource[" + source.getClass().getName() + "]";
        }
    }
}
