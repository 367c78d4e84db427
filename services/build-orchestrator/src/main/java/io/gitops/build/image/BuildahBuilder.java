package io.gitops.build.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.registry.PushTarget;
import io.gitops.kit.Outcome;

/**
 * Daemonless builds with buildah: {@code vfs} storage under the work directory, {@code --isolation chroot}, so it
 * runs without a Docker engine or user namespaces. Pushes with an auth file and reads the digest buildah reports.
 */
public final class BuildahBuilder implements ImageBuilder {

    public static final String NAME = "buildah";

    private final String binary;
    private final Path storage;
    private final ProcessRunner runner;

    public BuildahBuilder(String binary, Path storage, ProcessRunner runner) {
        this.binary = binary;
        this.storage = storage;
        this.runner = runner;
    }

    @Override
    public String name() {
        return NAME;
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary, "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("runroot").toString(), "--storage-driver", "vfs"));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public Outcome<LocalImage> build(ImageBuildRequest request) {
        List<String> command = command("bud", "--isolation", "chroot", "--layers=false", "-f",
                request.dockerfile().toString(), "-t", request.localName());
        request.buildArgs().forEach((k, v) -> command.addAll(List.of("--build-arg", k + "=" + v)));
        command.add(request.context().toString());
        ProcessRunner.Result result = runner.run(command, request.context(), Map.of(), request.timeout());
        Outcome<String> ran = Tools.outcome("buildah bud", result, request.timeout());
        if (ran instanceof Outcome.Success<String>) {
            return Outcome.success(new LocalImage(NAME, request.localName()));
        }
        return Tools.retype(ran);
    }

    @Override
    public boolean exists(ImageBuildRequest request) {
        ProcessRunner.Result result = runner.run(command("inspect", "--type", "image", request.localName()),
                request.scratch(), Map.of(), java.time.Duration.ofSeconds(30));
        return result instanceof ProcessRunner.Exited exited && exited.exitCode() == 0;
    }

    @Override
    public Outcome<String> push(ImageBuildRequest request, PushTarget target) {
        Path digestFile = request.scratch().resolve("buildah-digest");
        if (target.layout().isPresent()) {
            // buildah push <image> oci:<directory>:<tag>: writes an OCI image layout, no registry involved.
            try {
                return push(request, target, digestFile, List.of(), target.reference());
            } catch (IOException e) {
                return Outcome.transientFailure("cannot prepare the push: " + e.getMessage(), e);
            }
        }
        try (AuthFile auth = AuthFile.write(request.scratch().resolve("auth"), target)) {
            List<String> options = new ArrayList<>(List.of("--authfile", auth.path().toString()));
            if (target.insecure()) {
                options.add("--tls-verify=false");
            }
            return push(request, target, digestFile, options, "docker://" + target.reference());
        } catch (IOException e) {
            return Outcome.transientFailure("cannot prepare the push: " + e.getMessage(), e);
        }
    }

    /** Runs {@code buildah push [options] --digestfile <file> <image> <destination>}; the digest buildah wrote. */
    private Outcome<String> push(ImageBuildRequest request, PushTarget target, Path digestFile, List<String> options,
                                 String destination) throws IOException {
        Files.deleteIfExists(digestFile);
        List<String> command = command("push");
        command.addAll(options);
        command.addAll(List.of("--digestfile", digestFile.toString(), request.localName(), destination));
        ProcessRunner.Result result = runner.run(command, request.scratch(), Map.of(), request.timeout());
        Outcome<String> ran = Tools.outcome("buildah push to " + target.reference(), result, request.timeout());
        if (!(ran instanceof Outcome.Success<String>)) {
            return ran;
        }
        return Outcome.success(Files.isRegularFile(digestFile) ? Files.readString(digestFile).strip() : null);
    }
}
