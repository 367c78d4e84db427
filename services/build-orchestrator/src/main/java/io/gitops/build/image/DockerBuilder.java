package io.gitops.build.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.registry.PushTarget;
import io.gitops.kit.Outcome;

/** Builds with a Docker engine when one answers ({@code docker info}); pushes with a private client config dir. */
public final class DockerBuilder implements ImageBuilder {

    public static final String NAME = "docker";
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private final String binary;
    private final ProcessRunner runner;

    public DockerBuilder(String binary, ProcessRunner runner) {
        this.binary = binary;
        this.runner = runner;
    }

    /** True when a Docker engine answers within a few seconds (a client alone is not enough). */
    public static boolean engineAvailable(String binary, ProcessRunner runner, Path directory) {
        ProcessRunner.Result result = runner.run(List.of(binary, "info", "--format", "{{.ServerVersion}}"),
                directory, Map.of(), Duration.ofSeconds(10));
        return result instanceof ProcessRunner.Exited exited && exited.exitCode() == 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<LocalImage> build(ImageBuildRequest request) {
        List<String> command = new ArrayList<>(List.of(binary, "build", "-f", request.dockerfile().toString(), "-t",
                request.localName()));
        request.buildArgs().forEach((k, v) -> command.addAll(List.of("--build-arg", k + "=" + v)));
        command.add(request.context().toString());
        Outcome<String> ran = Tools.outcome("docker build",
                runner.run(command, request.context(), Map.of(), request.timeout()), request.timeout());
        return ran instanceof Outcome.Success<String> ? Outcome.success(new LocalImage(NAME, request.localName()))
                : Tools.retype(ran);
    }

    @Override
    public boolean exists(ImageBuildRequest request) {
        return runner.run(List.of(binary, "image", "inspect", request.localName()), request.scratch(), Map.of(),
                Duration.ofSeconds(30)) instanceof ProcessRunner.Exited exited && exited.exitCode() == 0;
    }

    @Override
    public Outcome<String> push(ImageBuildRequest request, PushTarget target) {
        if (target.layout().isPresent()) {
            return Outcome.permanent("the docker builder cannot write an OCI image layout (" + target.reference()
                    + "); set gitops.build.image.builder=buildah");
        }
        try (AuthFile auth = AuthFile.write(request.scratch().resolve("docker-config"), target)) {
            Outcome<String> tagged = Tools.outcome("docker tag", runner.run(List.of(binary, "tag",
                    request.localName(), target.reference()), request.scratch(), Map.of(), Duration.ofSeconds(60)),
                    Duration.ofSeconds(60));
            if (!(tagged instanceof Outcome.Success<String>)) {
                return tagged;
            }
            Outcome<String> pushed = Tools.outcome("docker push to " + target.reference(),
                    runner.run(List.of(binary, "--config", auth.directory().toString(), "push", target.reference()),
                            request.scratch(), Map.of(), request.timeout()), request.timeout());
            if (pushed instanceof Outcome.Success<String> ok) {
                Matcher matcher = DIGEST.matcher(ok.value());
                return Outcome.success(matcher.find() ? matcher.group(1) : null);
            }
            return pushed;
        } catch (IOException e) {
            return Outcome.transientFailure("cannot prepare the push: " + e.getMessage(), e);
        }
    }
}
