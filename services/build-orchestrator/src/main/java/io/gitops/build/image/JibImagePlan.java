package io.gitops.build.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.build.dockerfile.Dockerfile;
import io.gitops.build.dockerfile.DockerfileParser;
import io.gitops.build.dockerfile.DockerfileStage;

/**
 * What jib can build from a Dockerfile without running anything: stages {@code FROM scratch} (or from an earlier such
 * stage) made of {@code COPY}/{@code ADD} of local files (also {@code --from=<stage>}), {@code USER}, {@code ENV},
 * {@code LABEL}, {@code WORKDIR}, {@code EXPOSE}, {@code ENTRYPOINT}, {@code CMD}, {@code VOLUME}, {@code ARG}. A
 * {@code RUN} or a real base image needs buildah or docker and is refused with that reason.
 */
public record JibImagePlan(Map<String, Entry> files, String user, Map<String, String> env, Map<String, String> labels,
                           String workdir, Set<Integer> ports, List<String> entrypoint, List<String> cmd,
                           Set<String> volumes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file of the image: its container path's source, permissions (octal) and owner ({@code uid:gid} or null). */
    public record Entry(Path source, String permissions, String owner) {
    }

    /** The Dockerfile cannot be built without running a container. */
    public static class UnsupportedException extends Exception {
        public UnsupportedException(String message) {
            super(message);
        }
    }

    public static JibImagePlan of(Dockerfile dockerfile, Path context) throws UnsupportedException, IOException {
        Map<Integer, JibImagePlan> built = new HashMap<>();
        JibImagePlan plan = null;
        for (DockerfileStage stage : dockerfile.stages()) {
            plan = stage(dockerfile, stage, context, built);
            built.put(stage.index(), plan);
        }
        return plan;
    }

    private static JibImagePlan stage(Dockerfile dockerfile, DockerfileStage stage, Path context,
                                      Map<Integer, JibImagePlan> built) throws UnsupportedException, IOException {
        Builder b = new Builder();
        if (!stage.isScratch()) {
            DockerfileStage base = dockerfile.stage(stage.base(), stage.index()).orElseThrow(() ->
                    new UnsupportedException("line " + stage.line() + ": the jib builder only builds FROM scratch "
                            + "stages, not FROM " + stage.base() + " (install buildah or use docker)"));
            b.from(built.get(base.index()));
        }
        for (DockerfileStage.ResolvedInstruction instruction : stage.instructions()) {
            String args = instruction.arguments();
            switch (instruction.keyword()) {
                case "COPY", "ADD" -> copy(dockerfile, stage, instruction, context, built, b);
                case "USER" -> b.user = args.strip();
                case "ENV" -> b.env.putAll(DockerfileParser.keyValues(args));
                case "LABEL" -> b.labels.putAll(DockerfileParser.keyValues(args));
                case "WORKDIR" -> b.workdir = absolute(b.workdir, args.strip());
                case "EXPOSE" -> {
                    for (String port : DockerfileParser.words(args)) {
                        try {
                            b.ports.add(Integer.parseInt(port.replaceAll("/.*", "")));
                        } catch (NumberFormatException e) {
                            throw new UnsupportedException("line " + instruction.line() + ": EXPOSE " + port);
                        }
                    }
                }
                case "ENTRYPOINT" -> {
                    b.entrypoint = command(args);
                    b.cmd = null;
                }
                case "CMD" -> b.cmd = command(args);
                case "VOLUME" -> b.volumes.addAll(args.strip().startsWith("[") ? command(args)
                        : DockerfileParser.words(args));
                case "ARG", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER" -> {
                }
                default -> throw new UnsupportedException("line " + instruction.line() + ": the jib builder cannot run "
                        + instruction.keyword() + " (install buildah or use docker)");
            }
        }
        return b.build();
    }

    private static void copy(Dockerfile dockerfile, DockerfileStage stage, DockerfileStage.ResolvedInstruction
            instruction, Path context, Map<Integer, JibImagePlan> built, Builder b)
            throws UnsupportedException, IOException {
        Map<String, String> flags = DockerfileParser.flags(instruction.arguments());
        String rest = DockerfileParser.stripFlags(instruction.arguments());
        List<String> words = rest.startsWith("[") ? command(rest) : DockerfileParser.words(rest);
        if (words.size() < 2) {
            throw new UnsupportedException("line " + instruction.line() + ": " + instruction.keyword()
                    + " needs a source and a destination");
        }
        String owner = flags.get("chown");
        String mode = flags.get("chmod");
        List<String> sources = words.subList(0, words.size() - 1);
        String destination = absolute(b.workdir, words.get(words.size() - 1));
        boolean intoDirectory = words.get(words.size() - 1).endsWith("/") || sources.size() > 1;
        String from = flags.get("from");
        for (String source : sources) {
            if (source.contains("://") || source.contains("*") || source.contains("?")) {
                throw new UnsupportedException("line " + instruction.line() + ": the jib builder copies plain local "
                        + "paths only, not " + source);
            }
            if (from != null) {
                DockerfileStage other = dockerfile.stage(from, stage.index()).orElseThrow(() ->
                        new UnsupportedException("line " + instruction.line() + ": --from=" + from
                                + " is not an earlier stage (copying from an image needs buildah or docker)"));
                copyFromStage(built.get(other.index()), absolute("/", source), destination, intoDirectory, owner, mode,
                        b);
            } else {
                copyFromContext(context, source, destination, intoDirectory, owner, mode, instruction.line(), b);
            }
        }
    }

    private static void copyFromContext(Path context, String source, String destination, boolean intoDirectory,
                                        String owner, String mode, int line, Builder b)
            throws UnsupportedException, IOException {
        Path root = context.toAbsolutePath().normalize();
        Path path = root.resolve(source).normalize();
        if (source.startsWith("/") || List.of(source.split("/")).contains("..") || !path.startsWith(root)) {
            throw new UnsupportedException("line " + line + ": COPY of " + source + " is outside the build context "
                    + "(absolute paths and .. are refused)");
        }
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            requireInside(root, path, source, line);
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
                for (Path file : files) {
                    requireInside(root, file, root.relativize(file).toString(), line);
                }
                for (Path file : files) {
                    String relative = path.relativize(file).toString().replace('\\', '/');
                    b.files.put(join(destination, relative), entry(file, owner, mode));
                }
            }
        } else if (Files.isRegularFile(path)) {
            String target = intoDirectory ? join(destination, path.getFileName().toString()) : destination;
            b.files.put(target, entry(path, owner, mode));
        } else {
            throw new UnsupportedException("line " + line + ": " + source + " does not exist in the build context");
        }
    }

    /** {@code path} (a symbolic link, or under one) must really be inside the context. */
    private static void requireInside(Path root, Path path, String source, int line)
            throws UnsupportedException, IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw new UnsupportedException("line " + line + ": COPY of " + source + " is outside the build context "
                    + "through a symbolic link");
        }
    }

    private static void copyFromStage(JibImagePlan other, String source, String destination, boolean intoDirectory,
                                      String owner, String mode, Builder b) {
        String prefix = source.endsWith("/") ? source : source + "/";
        Entry exact = other.files().get(source);
        if (exact != null) {
            String name = source.substring(source.lastIndexOf('/') + 1);
            b.files.put(intoDirectory ? join(destination, name) : destination, restamp(exact, owner, mode));
            return;
        }
        other.files().forEach((path, entry) -> {
            if (path.startsWith(prefix) || "/".equals(source)) {
                String relative = "/".equals(source) ? path.substring(1) : path.substring(prefix.length());
                b.files.put(join(destination, relative), restamp(entry, owner, mode));
            }
        });
    }

    private static Entry entry(Path file, String owner, String mode) {
        String permissions = mode != null ? mode : Files.isExecutable(file) ? "755" : "644";
        return new Entry(file, permissions, owner);
    }

    private static Entry restamp(Entry entry, String owner, String mode) {
        return new Entry(entry.source(), mode != null ? mode : entry.permissions(),
                owner != null ? owner : entry.owner());
    }

    private static List<String> command(String args) {
        String trimmed = args.strip();
        if (trimmed.startsWith("[")) {
            try {
                JsonNode array = JSON.readTree(trimmed);
                List<String> items = new ArrayList<>();
                array.forEach(n -> items.add(n.asText()));
                return items;
            } catch (IOException e) {
                // not JSON: shell form below
            }
        }
        return List.of("/bin/sh", "-c", trimmed);
    }

    static String absolute(String workdir, String path) {
        if (path.startsWith("/")) {
            return normalize(path);
        }
        String base = workdir == null ? "/" : workdir;
        return normalize(base.endsWith("/") ? base + path : base + "/" + path);
    }

    private static String join(String directory, String name) {
        return normalize(directory.endsWith("/") ? directory + name : directory + "/" + name);
    }

    private static String normalize(String path) {
        String normalized = java.nio.file.Paths.get(path).normalize().toString().replace('\\', '/');
        return normalized.isEmpty() ? "/" : normalized;
    }

    private static final class Builder {
        Map<String, Entry> files = new TreeMap<>();
        String user;
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        String workdir;
        Set<Integer> ports = new LinkedHashSet<>();
        List<String> entrypoint;
        List<String> cmd;
        Set<String> volumes = new LinkedHashSet<>();

        void from(JibImagePlan base) {
            files.putAll(base.files());
            user = base.user();
            env.putAll(base.env());
            labels.putAll(base.labels());
            workdir = base.workdir();
            ports.addAll(base.ports());
            entrypoint = base.entrypoint();
            cmd = base.cmd();
            volumes.addAll(base.volumes());
        }

        JibImagePlan build() {
            return new JibImagePlan(files, user, env, labels, workdir, ports, entrypoint, cmd, volumes);
        }
    }
}
