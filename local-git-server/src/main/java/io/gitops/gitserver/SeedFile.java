package io.gitops.gitserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** One file to write into a commit: its repository path, bytes and whether it is executable. */
record SeedFile(String path, byte[] content, boolean executable) {

    SeedFile {
        Objects.requireNonNull(content, "content");
        path = validPath(path);
    }

    static List<SeedFile> fromStrings(Map<String, String> files) {
        List<SeedFile> result = new ArrayList<>();
        files.forEach((path, text) -> result.add(
                new SeedFile(path, Objects.requireNonNull(text, "content of " + path).getBytes(StandardCharsets.UTF_8),
                        false)));
        return result;
    }

    /** Every regular file under {@code directory} (skipping any {@code .git}), with its executable bit. */
    static List<SeedFile> fromDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        List<SeedFile> result = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) paths.sorted()::iterator) {
                Path relative = directory.relativize(file);
                if (relative.toString().isEmpty() || insideGitDirectory(relative) || !Files.isRegularFile(file)) {
                    continue;
                }
                result.add(new SeedFile(toGitPath(relative), Files.readAllBytes(file), Files.isExecutable(file)));
            }
        }
        return result;
    }

    /** Checks a repository path: relative, '/'-separated, no empty, '.', '..' or '.git' segment. */
    static String validPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.indexOf('\\') >= 0
                || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid repository path: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.equalsIgnoreCase(".git")) {
                throw new IllegalArgumentException("invalid repository path: " + path);
            }
        }
        return path;
    }

    private static boolean insideGitDirectory(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static String toGitPath(Path relative) {
        List<String> segments = new ArrayList<>();
        relative.forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }
}
