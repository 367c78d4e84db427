package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.gitops.build.exec.CommandSpec;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.build.registry.OciRegistry;
import io.gitops.build.testing.RegistryProcess;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build Job's script, run here: the very text and environment {@link StageJobs} puts into the build Job's
 * container, executed by {@code sh} with the machine's buildah against a real registry (Debian's
 * {@code docker-registry} on a loopback port). Only the paths the kubelet would provide (workspace, storage
 * {@code emptyDir}, the mounted auth Secret, the termination log) point into a temporary directory. The base image
 * is built locally from scratch (a shell and its libraries), so nothing is downloaded.
 */
class BuildScriptIT {

    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final String BASE = "localhost/gitops-test/base:1";
    static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"), "gitops-build-arg-evaluated-"
            + ProcessHandle.current().pid());

    @TempDir
    static Path shared;
    static RegistryProcess registry;

    @TempDir
    Path temp;

    @BeforeAll
    static void startRegistry() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/buildah")), "buildah is not installed");
        assumeTrue(RegistryProcess.installed(), "docker-registry is not installed");
        registry = RegistryProcess.start(shared.resolve("registry"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private Container buildContainer(String image) {
        CommandSpec spec = new CommandSpec("build", "", Path.of("/tmp/ws"), Duration.ofMinutes(5), List.of(),
                Map.of("GITOPS_IMAGE", image, "GITOPS_COMMIT", SHA, "GITOPS_ATTEMPT", "1",
                        CommandSpec.DOCKERFILE, "docker/Dockerfile",
                        CommandSpec.BUILD_ARGS, "GREETING=hello from the job\nIGNORED=$(touch " + MARKER + ")"),
                new CommandSpec.Origin("pl-shop-9f2c", "shop", "acme/shop", "https://git.example/acme/shop.git", SHA,
                        "maven:3.9"));
        JobSettings settings = new JobSettings("builds", "alpine/git:2.47.2", Optional.empty(),
                JobSettings.DEFAULT_BUILD_IMAGE, Optional.of("registry-push"), Optional.empty(), Optional.empty(), 1000,
                true, Map.of(), "10Gi", Set.of(registry.host()));
        return StageJobs.job(spec, "pl-shop-9f2c-build-1", settings).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    /** What the script prints, its exit status, and the termination message it left. */
    record Ran(int exit, String output, String terminationMessage) {
    }

    /** Runs the container's command with its literal environment; kubelet-provided paths are local. */
    private Ran runLikeTheJob(Container container, Path storage, Path workspace) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            assertThat(var.getValueFrom()).as("only literal values in the build container: " + var.getName()).isNull();
            env.put(var.getName(), var.getValue());
        }
        Path authFile = temp.resolve("secret/auth.json");
        Files.createDirectories(authFile.getParent());
        Files.writeString(authFile, "{\"auths\":{}}");
        Path termination = temp.resolve("termination-log");
        Files.writeString(termination, "");
        env.put(BuildScript.CONTEXT, workspace.toString());
        env.put(BuildScript.STORAGE, storage.toString());
        env.put("HOME", storage.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", storage.resolve("run").toString());
        env.put("REGISTRY_AUTH_FILE", authFile.toString());
        env.put(BuildScript.TERMINATION_LOG, termination.toString());
        env.put(BuildScript.BUILDAH, "/usr/bin/buildah");
        ProcessBuilder builder = new ProcessBuilder(container.getCommand()).directory(workspace.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("out.log").toFile());
        builder.environment().keySet().retainAll(Set.of("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the script finished").isTrue();
        return new Ran(process.exitValue(), Files.readString(temp.resolve("out.log")), Files.readString(termination));
    }

    /** A base image with only a shell, built from scratch into the script's storage. */
    private static void baseImage(Path storage) throws Exception {
        List<String> buildah = List.of("/usr/bin/buildah", "--root", storage.resolve("root").toString(), "--runroot",
                storage.resolve("runroot").toString(), "--storage-driver", "vfs");
        String container = run(buildah, "from", "scratch").strip();
        run(buildah, "copy", container, "/bin/dash", "/bin/sh");
        run(buildah, "copy", container, "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6");
        run(buildah, "copy", container, "/lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2");
        run(buildah, "commit", "-q", container, BASE);
        run(buildah, "rm", container);
    }

    private static String run(List<String> buildah, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(buildah);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    /** The build storage with the local base image, and a workspace whose Dockerfile starts FROM it. */
    private Path prepared(String dockerfileAfterFrom) throws Exception {
        baseImage(temp.resolve("storage"));
        return workspace("FROM " + BASE + " AS build\n" + dockerfileAfterFrom);
    }

    private Path workspace(String dockerfile) throws IOException {
        Path workspace = temp.resolve("workspace");
        Files.createDirectories(workspace.resolve("docker"));
        Files.writeString(workspace.resolve("docker/Dockerfile"), dockerfile);
        Files.writeString(workspace.resolve("app.txt"), "the app\n");
        return workspace;
    }

    @Test
    void givenAMultiStageDockerfile_whenTheBuildJobsScriptRuns_thenItPushesAndReportsTheDigestTheRegistryHas()
            throws Exception {
        Path storage = temp.resolve("storage");
        Path workspace = prepared("""
                ARG GREETING=none
                RUN echo "$GREETING" > /greeting.txt
                FROM scratch
                COPY --from=build /greeting.txt /greeting.txt
                COPY app.txt /app.txt
                USER 1000
                """);
        String image = registry.host() + "/acme/shop:" + SHA;
        Container container = buildContainer(image);

        Ran ran = runLikeTheJob(container, storage, workspace);

        assertThat(container.getCommand()).containsExactly("sh", "-c", BuildScript.SCRIPT);
        assertThat(ran.exit()).as(ran.output()).isZero();
        Outcome<Optional<String>> inRegistry = new OciRegistry(Optional.empty(), List.of(registry.host()),
                Duration.ofSeconds(10)).digest(ImageRepository.parse(registry.host() + "/acme/shop"), SHA);
        assertThat(inRegistry).isInstanceOf(Outcome.Success.class);
        String digest = ((Outcome.Success<Optional<String>>) inRegistry).value().orElseThrow();
        assertThat(BuildScript.digest(ran.output(), null)).contains(digest);
        assertThat(ran.terminationMessage()).isEqualTo(digest);
        assertThat(ran.output()).contains("pushing " + image);
        assertThat(Files.exists(MARKER)).as("build arguments are not evaluated by the shell").isFalse();
        assertThat(registry.tags("acme/shop")).contains(SHA);
    }

    @Test
    void givenADockerfileWhoseRunFails_whenTheBuildJobsScriptRuns_thenItExitsNonZeroAndReportsNoDigest()
            throws Exception {
        Path storage = temp.resolve("storage");
        Path workspace = prepared("""
                RUN exit 3
                FROM scratch
                COPY --from=build /etc /etc
                """);
        String image = registry.host() + "/acme/broken:" + SHA;

        Ran ran = runLikeTheJob(buildContainer(image), storage, workspace);

        assertThat(ran.exit()).isNotZero();
        assertThat(BuildScript.digest(ran.output(), ran.terminationMessage())).isEmpty();
        assertThat(registry.tags("acme/broken")).doesNotContain(SHA);
    }

    /** The kubernetes executor as the push stage sees it: images built and pushed by the build Job. */
    private static io.gitops.build.exec.StageExecutor buildJobExecutor() {
        return new io.gitops.build.exec.StageExecutor() {
            @Override
            public String name() {
                return KubernetesExecutor.NAME;
            }

            @Override
            public io.gitops.build.exec.CommandResult run(CommandSpec spec) {
                return new io.gitops.build.exec.CommandResult.Exited(0, "nothing to run", spec.workspace(),
                        Duration.ZERO);
            }

            @Override
            public boolean buildsImages() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private io.gitops.build.stage.StageContext pushContext(Path workspace, String repository) throws IOException {
        io.gitops.config.AppConfig app = ((io.gitops.config.AppConfigParser.Parsed) io.gitops.config.AppConfigParser
                .parse(io.gitops.build.testing.SampleApp.appYaml("shop", "acme/shop", repository, "true", ""),
                        "apps/shop/app.yaml")).app();
        io.gitops.build.pipeline.PipelineSpec spec = new io.gitops.build.pipeline.PipelineSpec("pl-shop-9f2c1e4b7a6d",
                app, "acme/shop", "main", SHA, null, "u", "w", null, java.time.Instant.now());
        return new io.gitops.build.stage.StageContext(spec, workspace, Files.createDirectories(temp.resolve("scratch")),
                buildJobExecutor(), Duration.ofMinutes(5), 1);
    }

    @Test
    void givenTheDigestTheBuildJobReported_whenThePushStageRuns_thenItIsCheckedAgainstTheRegistryAndAMismatchFails()
            throws Exception {
        Path storage = temp.resolve("storage");
        Path workspace = prepared("""
                RUN echo pushed > /pushed.txt
                FROM scratch
                COPY --from=build /pushed.txt /pushed.txt
                USER 1000
                """);
        String repository = registry.host() + "/acme/checked";
        Ran ran = runLikeTheJob(buildContainer(repository + ":" + SHA), storage, workspace);
        assertThat(ran.exit()).as(ran.output()).isZero();
        String digest = BuildScript.digest(ran.output(), ran.terminationMessage()).orElseThrow();
        OciRegistry oci = new OciRegistry(Optional.empty(), List.of(registry.host()), Duration.ofSeconds(10));
        io.gitops.build.stage.PushStage push = new io.gitops.build.stage.PushStage(
                new io.gitops.build.image.JibBuilder(), new io.gitops.build.registry.Registries(oci, oci), Map.of());

        io.gitops.build.exec.BuiltImage.record(workspace, digest);
        Outcome<io.gitops.build.stage.StageReport> matching = push.run(pushContext(workspace, repository));
        io.gitops.build.exec.BuiltImage.record(workspace, "sha256:" + "0".repeat(64));
        Outcome<io.gitops.build.stage.StageReport> mismatching = push.run(pushContext(workspace, repository));

        assertThat(matching).isInstanceOf(Outcome.Success.class);
        assertThat(io.gitops.build.stage.StageReport.of(matching).outputTail()).endsWith("digest " + digest);
        assertThat(io.gitops.build.stage.StageReport.of(matching).gates()).anySatisfy(g -> assertThat(g.detail())
                .contains("the digest it reported matches"));
        assertThat(mismatching).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .contains("kubernetes reported sha256:000").contains("but the registry has " + digest));
    }
}
