package io.gitops.build.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.gitops.build.dockerfile.DockerfileException;
import io.gitops.build.dockerfile.DockerfileParser;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JibBuilderTest {

    @TempDir
    Path context;

    private JibImagePlan plan(String dockerfile) throws Exception {
        return JibImagePlan.of(DockerfileParser.parse(dockerfile, Map.of()), context);
    }

    @Test
    void givenAScratchMultiStageDockerfile_whenPlanned_thenFilesCopiedAcrossStagesAndTheConfigAreKept()
            throws Exception {
        Files.createDirectories(context.resolve("app/bin"));
        Files.writeString(context.resolve("app/hello.txt"), "hi");
        Files.writeString(context.resolve("app/bin/run"), "#!/bin/sh");
        context.resolve("app/bin/run").toFile().setExecutable(true);

        JibImagePlan plan = plan("""
                FROM scratch AS build
                COPY app/ /out/
                FROM scratch
                WORKDIR /srv
                COPY --from=build --chown=10001:10001 /out/ ./
                COPY ["app/hello.txt", "/etc/hello.txt"]
                ENV MODE=prod
                LABEL org.opencontainers.image.source=acme/shop
                EXPOSE 8080/tcp
                USER 10001
                ENTRYPOINT ["/srv/bin/run"]
                CMD serve
                """);

        assertThat(plan.files()).containsOnlyKeys("/srv/hello.txt", "/srv/bin/run", "/etc/hello.txt");
        assertThat(plan.files().get("/srv/bin/run").permissions()).isEqualTo("755");
        assertThat(plan.files().get("/srv/hello.txt").owner()).isEqualTo("10001:10001");
        assertThat(plan.user()).isEqualTo("10001");
        assertThat(plan.env()).containsEntry("MODE", "prod");
        assertThat(plan.ports()).containsExactly(8080);
        assertThat(plan.entrypoint()).containsExactly("/srv/bin/run");
        assertThat(plan.cmd()).containsExactly("/bin/sh", "-c", "serve");
    }

    @Test
    void givenARunInstruction_whenPlanned_thenJibRefusesItPointingToBuildah() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch AS a\nRUN make\nFROM scratch\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("line 2")
                .hasMessageContaining("buildah");
    }

    @Test
    void givenARealBaseImage_whenPlanned_thenJibRefusesIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM debian:12.8\nUSER 1\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("FROM debian:12.8");
    }

    @Test
    void givenASourceOutsideTheContextOrMissing_whenPlanned_thenItIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY ../x /x\n"))
                .hasMessageContaining("outside the build context");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY nope /x\n"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void givenAnAbsoluteSourceOrOneThatClimbsBackIn_whenPlanned_thenItIsRefusedAsLeavingTheContext()
            throws IOException {
        Files.createDirectories(context.resolve("app"));
        Files.writeString(context.resolve("app/hello.txt"), "hi");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY /etc/passwd /x\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("/etc/passwd")
                .hasMessageContaining("outside the build context");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY app/../app/hello.txt /x\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("outside the build context");
    }

    @Test
    void givenACommittedSymlinkToAFileOutsideTheContext_whenPlanned_thenItIsRefused(@TempDir Path outside)
            throws IOException {
        Files.writeString(outside.resolve("secret"), "s3cret");
        Files.createSymbolicLink(context.resolve("innocent.txt"), outside.resolve("secret"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY innocent.txt /x\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("innocent.txt")
                .hasMessageContaining("through a symbolic link");
    }

    @Test
    void givenADirectoryWithASymlinkLeavingTheContext_whenPlanned_thenItIsRefused(@TempDir Path outside)
            throws IOException {
        Files.writeString(outside.resolve("secret"), "s3cret");
        Files.createDirectories(context.resolve("app"));
        Files.writeString(context.resolve("app/ok.txt"), "ok");
        Files.createSymbolicLink(context.resolve("app/link"), outside.resolve("secret"));
        Files.createSymbolicLink(context.resolve("inside-link"), context.resolve("app/ok.txt"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("FROM scratch\nCOPY app/ /srv/\n"))
                .isInstanceOf(JibImagePlan.UnsupportedException.class).hasMessageContaining("app/link")
                .hasMessageContaining("through a symbolic link");
        try {
            assertThat(plan("FROM scratch\nCOPY inside-link /srv/ok.txt\n").files()).containsOnlyKeys("/srv/ok.txt");
        } catch (Exception e) {
            throw new AssertionError("a link that stays inside the context is copied", e);
        }
    }

    @Test
    void givenTheSameInputsTwice_whenBuiltToATarball_thenTheImageIsReproducible() throws IOException,
            DockerfileException {
        Files.writeString(context.resolve("hello.txt"), "hi");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch AS a\nCOPY hello.txt /h\nFROM a\nUSER 1\n");
        JibBuilder builder = new JibBuilder();
        ImageBuildRequest first = new ImageBuildRequest(context, context.resolve("Dockerfile"), "localhost/x:1",
                Map.of(), context.resolve("scratch1"), Duration.ofMinutes(1));
        ImageBuildRequest second = new ImageBuildRequest(context, context.resolve("Dockerfile"), "localhost/x:1",
                Map.of(), context.resolve("scratch2"), Duration.ofMinutes(1));

        Outcome<LocalImage> built = builder.build(first);
        builder.build(second);

        assertThat(built).isInstanceOf(Outcome.Success.class);
        assertThat(builder.exists(first)).isTrue();
        assertThat(context.resolve("scratch1/image.tar")).hasSameBinaryContentAs(context.resolve("scratch2/image.tar"));
    }

    @Test
    void givenADockerfileJibCannotBuild_whenBuilt_thenItIsAPermanentFailure() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch AS a\nRUN make\nFROM scratch\n");

        Outcome<LocalImage> built = new JibBuilder().build(new ImageBuildRequest(context, context.resolve("Dockerfile"),
                "localhost/x:1", Map.of(), context.resolve("s"), Duration.ofMinutes(1)));

        assertThat(built).isInstanceOf(Outcome.PermanentFailure.class);
    }
}
