package io.gitops.build.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.local.ProcessRunner;

/**
 * Picks the image builder: {@code auto} is docker when an engine answers, else buildah when installed, else jib.
 * An explicit choice is used as is.
 */
public final class ImageBuilders {

    private ImageBuilders() {
    }

    public static ImageBuilder select(String choice, String buildahPath, String dockerPath, Path workDir,
                                      ProcessRunner runner) {
        Path storage = workDir.resolve("buildah");
        return switch (choice) {
            case "buildah" -> new BuildahBuilder(buildahPath, storage, runner);
            case "docker" -> new DockerBuilder(dockerPath, runner);
            case "jib" -> new JibBuilder();
            case "auto" -> {
                if (DockerBuilder.engineAvailable(dockerPath, runner, existing(workDir))) {
                    yield new DockerBuilder(dockerPath, runner);
                }
                if (installed(buildahPath, runner, workDir)) {
                    yield new BuildahBuilder(buildahPath, storage, runner);
                }
                yield new JibBuilder();
            }
            default -> throw new IllegalArgumentException("gitops.build.image.builder must be auto, buildah, docker "
                    + "or jib, not '" + choice + "'");
        };
    }

    static boolean installed(String binary, ProcessRunner runner, Path workDir) {
        return runner.run(List.of(binary, "--version"), existing(workDir), Map.of(),
                java.time.Duration.ofSeconds(10)) instanceof ProcessRunner.Exited exited && exited.exitCode() == 0;
    }

    private static Path existing(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }
}
