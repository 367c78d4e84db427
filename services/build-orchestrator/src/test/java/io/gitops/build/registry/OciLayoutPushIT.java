package io.gitops.build.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.image.BuildahBuilder;
import io.gitops.build.image.ImageBuildRequest;
import io.gitops.build.pipeline.PipelineSpec;
import io.gitops.build.stage.PushStage;
import io.gitops.build.stage.StageContext;
import io.gitops.build.stage.StageReport;
import io.gitops.build.testing.SampleApp;
import io.gitops.config.AppConfig;
import io.gitops.config.AppConfigParser;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.OciImageLayout;

/**
 * The push stage against an OCI image layout on disk, with real buildah (no registry server): a FROM-scratch image is
 * built, written with {@code buildah push oci:}, adopted under the commit SHA; the digest the stage reports is the one
 * {@code index.json} names and the manifest blob hashes to it. A different image under the same tag is refused.
 */
class OciLayoutPushIT {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String REPOSITORY = "127.0.0.1:15000/acme/shop";

    @TempDir
    Path temp;
    Path workspace;
    BuildahBuilder builder;
    OciLayoutRegistry layouts;
    PushStage stage;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/buildah")), "buildah is not installed");
        workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("greeting.txt"), "hello\n");
        Files.writeString(workspace.resolve("Dockerfile"), """
                FROM scratch
                COPY greeting.txt /greeting.txt
                USER 10001:10001
                """);
        builder = new BuildahBuilder("buildah", temp.resolve("buildah"), new ProcessRunner(4096));
        layouts = new OciLayoutRegistry(temp.resolve("images"));
        Registry unused = new OciRegistry(Optional.empty(), List.of(), Duration.ofSeconds(1));
        stage = new PushStage(builder, new Registries(unused, unused, Optional.of(layouts), List.of()), Map.of());
    }

    private StageContext context() throws IOException {
        AppConfig app = ((AppConfigParser.Parsed) AppConfigParser.parse(SampleApp.appYaml("shop", "acme/shop",
                REPOSITORY, "true", ""), "apps/shop/app.yaml")).app();
        PipelineSpec spec = new PipelineSpec("pl-shop-012345678901", app, "acme/shop", "main", SHA, null, "u", "w",
                null, Instant.now());
        return new StageContext(spec, workspace, Files.createDirectories(temp.resolve("scratch")),
                new LocalExecutor(1024), Duration.ofMinutes(5), 1);
    }

    @Test
    void givenABuiltImage_whenThePushStageRunsAgainstALayout_thenIndexJsonNamesTheReportedDigestUnderTheSha()
            throws Exception {
        StageContext context = context();

        Outcome<StageReport> result = stage.run(context);

        assertThat(result).isInstanceOf(Outcome.Success.class);
        Path layout = temp.resolve("images/acme/shop");
        JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
        assertThat(index.get("manifests")).hasSize(1);
        JsonNode descriptor = index.get("manifests").get(0);
        assertThat(descriptor.path("annotations").path(OciImageLayout.REF_NAME).asText()).isEqualTo(SHA);
        String digest = descriptor.get("digest").asText();
        assertThat(StageReport.of(result).outputTail()).endsWith("digest " + digest);
        assertThat(OciImageLayout.sha256(OciImageLayout.blob(layout, digest))).isEqualTo(digest);
        assertThat(Files.readString(layout.resolve("oci-layout"))).contains("1.0.0");
        assertThat(layouts.digest(ImageRepository.parse(REPOSITORY), SHA))
                .isEqualTo(Outcome.success(Optional.of(digest)));
        try (var staging = Files.list(temp.resolve("images/.staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void givenTheTagInTheLayout_whenADifferentImageIsPushedUnderIt_thenTheLayoutRefusesItAndKeepsTheFirst()
            throws Exception {
        stage.run(context());
        ImageRepository repository = ImageRepository.parse(REPOSITORY);
        String first = ((Outcome.Success<Optional<String>>) layouts.digest(repository, SHA)).value().orElseThrow();
        Files.writeString(workspace.resolve("greeting.txt"), "changed\n");
        ImageBuildRequest other = new ImageBuildRequest(workspace, workspace.resolve("Dockerfile"),
                "localhost/gitops/shop:other", Map.of(), temp.resolve("scratch"), Duration.ofMinutes(5));
        assertThat(builder.build(other)).isInstanceOf(Outcome.Success.class);
        PushTarget target = ((Outcome.Success<PushTarget>) layouts.prepare(repository, SHA)).value();
        assertThat(builder.push(other, target)).isInstanceOf(Outcome.Success.class);

        Outcome<Optional<String>> adopted = layouts.adopt(repository, target);

        assertThat(adopted).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .startsWith("tag " + SHA + " already names " + first).contains("tags are immutable"));
        assertThat(layouts.digest(repository, SHA)).isEqualTo(Outcome.success(Optional.of(first)));
    }
}
