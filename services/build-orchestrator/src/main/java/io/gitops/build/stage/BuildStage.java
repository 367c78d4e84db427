package io.gitops.build.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gitops.build.dockerfile.Dockerfile;
import io.gitops.build.dockerfile.DockerfileException;
import io.gitops.build.dockerfile.DockerfileParser;
import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.kubernetes.BuildScript;
import io.gitops.build.gate.DockerfilePolicyGate;
import io.gitops.build.gate.ExitStatusGate;
import io.gitops.build.gate.Gates;
import io.gitops.build.gate.ImageTagGate;
import io.gitops.build.image.ImageBuildRequest;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.LocalImage;
import io.gitops.build.report.WorkspaceFiles;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;

/**
 * {@code build}: runs the app's build command when it has one (e.g. packaging what the Dockerfile copies), applies
 * the Dockerfile policy and the image-tag rule, then builds the image with the configured builder. Nothing is built
 * when a gate failed. The builder that ran is named in the image-tag gate's detail. With an executor that builds
 * images itself (kubernetes, github-actions) the gates are applied to the local checkout first, then the build
 * command, the image build and the push are the executor's (the spec carries {@link CommandSpec#DOCKERFILE}).
 */
public final class BuildStage implements Stage {

    public static final String NAME = "build";

    private final ImageBuilder builder;
    private final Map<String, String> buildArgs;

    public BuildStage(ImageBuilder builder, Map<String, String> buildArgs) {
        this.builder = builder;
        this.buildArgs = Map.copyOf(buildArgs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<StageReport> run(StageContext context) {
        String tail = null;
        boolean external = context.executor().buildsImages();
        String command = context.command(NAME);
        if (!command.isEmpty() && !external) {
            CommandResult result = Commands.run(context, NAME, command, List.of(), Map.of());
            if (!(result instanceof CommandResult.Exited exited)) {
                return Commands.notExited(NAME, result);
            }
            tail = exited.outputTail();
            if (exited.exitCode() != 0) {
                return StageReport.failed("build command failed: " + ExitStatusGate.evaluate(NAME,
                        command, exited.exitCode()).detail(), List.of(), null, tail);
            }
        }
        ImageBuildRequest request;
        try {
            request = ImageRequests.of(context, buildArgs);
        } catch (IllegalArgumentException e) {
            return StageReport.failed(e.getMessage());
        }
        String dockerfilePath = context.spec().app().pipeline().dockerfile();
        java.util.Optional<java.nio.file.Path> dockerfileFound;
        try {
            dockerfileFound = WorkspaceFiles.regularFile(context.workspace(), dockerfilePath);
        } catch (IllegalArgumentException e) {
            GateResult gate = Gates.failed(Gates.DOCKERFILE_POLICY, "the Dockerfile " + e.getMessage());
            return StageReport.failed(gate.detail(), List.of(gate), null, tail);
        }
        if (dockerfileFound.isEmpty()) {
            GateResult gate = Gates.failed(Gates.DOCKERFILE_POLICY, dockerfilePath + " does not exist in commit "
                    + context.spec().commit());
            return StageReport.failed(gate.detail(), List.of(gate), null, tail);
        }
        GateResult policy;
        try {
            Dockerfile dockerfile = DockerfileParser.parse(WorkspaceFiles.read(dockerfileFound.get()), buildArgs);
            policy = DockerfilePolicyGate.evaluate(dockerfile);
        } catch (DockerfileException e) {
            policy = Gates.failed(Gates.DOCKERFILE_POLICY, dockerfilePath + " cannot be parsed: " + e.getMessage());
        } catch (IOException e) {
            return StageReport.retryable("cannot read " + dockerfilePath + ": " + e.getMessage(), tail);
        }
        GateResult tag = ImageTagGate.forImage(request.localName(), context.spec().commit());
        List<GateResult> gates = new ArrayList<>(List.of(policy, tag));
        if (!policy.passed()) {
            return StageReport.failed("Dockerfile policy: " + policy.detail(), gates, null, tail);
        }
        if (!tag.passed()) {
            return StageReport.failed(tag.detail(), gates, null, tail);
        }
        if (external) {
            // The executor runs the build command (if any) and builds and pushes the image where it runs.
            CommandResult result = Commands.run(context, NAME, command, List.of(), Map.of(
                    CommandSpec.DOCKERFILE, dockerfilePath, CommandSpec.BUILD_ARGS, BuildScript.buildArgs(buildArgs)));
            if (!(result instanceof CommandResult.Exited exited)) {
                return Commands.notExited(NAME, result);
            }
            if (exited.exitCode() != 0) {
                return StageReport.failed("the image build in " + context.executor().name()
                        + " failed", gates, null, exited.outputTail());
            }
            gates.set(1, new GateResult(tag.gate(), true, null, null, null, tag.detail() + "; built by "
                    + context.executor().name()));
            return StageReport.passed(gates, null, exited.outputTail());
        }
        try {
            Files.createDirectories(context.scratch());
        } catch (IOException e) {
            return StageReport.retryable("cannot create " + context.scratch() + ": " + e.getMessage(), tail);
        }
        Outcome<LocalImage> built = builder.build(request);
        if (built instanceof Outcome.PermanentFailure<LocalImage> p) {
            return StageReport.failed("image build with " + builder.name() + " failed: " + p.reason(),
                    gates, null, tail);
        }
        if (built instanceof Outcome.TransientFailure<LocalImage> t) {
            return StageReport.retryable("image build with " + builder.name() + ": " + t.reason(), tail);
        }
        LocalImage image = ((Outcome.Success<LocalImage>) built).value();
        gates.set(1, new GateResult(tag.gate(), true, null, null, null, tag.detail() + "; built by "
                + builder.name()));
        return StageReport.passed(gates, null, (tail == null ? "" : tail + "\n") + "image built by "
                + builder.name() + ": " + image.reference());
    }
}
