package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitops.build.exec.CommandSpec;
import org.junit.jupiter.api.Test;

class StageJobsTest {

    static final CommandSpec SPEC = new CommandSpec("test", "mvn -B verify", Path.of("/tmp/ws"), Duration.ofMinutes(5),
            List.of(), Map.of(), new CommandSpec.Origin("pl-shop-9f2c1e4b7a6d", "shop", "acme/shop",
            "https://git.example/acme/shop.git", "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070", "maven:3.9"));

    private static Container checkout(JobSettings settings) {
        return StageJobs.job(SPEC, "pl-shop-test-1", settings).getSpec().getTemplate().getSpec().getInitContainers().get(0);
    }

    @Test
    void givenACredentialsSecret_whenTheJobIsBuilt_thenTheCloneReadsUsernameAndPasswordFromTheSecretByReference() {
        JobSettings settings = new JobSettings("builds", "alpine/git:2.47.2", Optional.of("git-credentials"));

        Container checkout = checkout(settings);

        assertThat(checkout.getEnv()).filteredOn(e -> e.getName().startsWith("GIT_USERNAME") || e.getName().startsWith("GIT_PASSWORD"))
                .extracting(EnvVar::getName, EnvVar::getValue, e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GIT_USERNAME", null, "git-credentials", "username"),
                        org.assertj.core.groups.Tuple.tuple("GIT_PASSWORD", null, "git-credentials", "password"));
        assertThat(checkout.getCommand().get(2)).contains("credential.helper").contains("GIT_TERMINAL_PROMPT=0")
                .doesNotContain("@git.example");
    }

    @Test
    void givenNoCredentialsSecret_whenTheJobIsBuilt_thenTheCloneIsAnonymousAndNeverPrompts() {
        JobSettings settings = new JobSettings("builds", "alpine/git:2.47.2", Optional.of(" "));

        Container checkout = checkout(settings);

        assertThat(checkout.getEnv()).extracting(EnvVar::getName).containsExactly("GIT_URL", "GIT_COMMIT");
        assertThat(checkout.getCommand().get(2)).doesNotContain("credential.helper").contains("GIT_TERMINAL_PROMPT=0");
        assertThat(Serialization.asYaml(StageJobs.job(SPEC, "pl-shop-test-1", settings))).contains("namespace: \"builds\"");
    }

    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final CommandSpec SAST = new CommandSpec("sast", "mvn sonar:sonar", Path.of("/tmp/ws"), Duration.ofMinutes(5),
            List.of(), Map.of("SONAR_TOKEN", "squ_literal", "SONAR_HOST_URL", "https://sonar.example"),
            SPEC.origin());
    static final CommandSpec BUILD = new CommandSpec("build", "mvn -B package -DskipTests", Path.of("/tmp/ws"),
            Duration.ofMinutes(20), List.of(), Map.of("GITOPS_IMAGE", "registry.example:5000/acme/shop:" + SHA,
            CommandSpec.DOCKERFILE, "Dockerfile", CommandSpec.BUILD_ARGS, "A=1"), SPEC.origin());

    static final JobSettings HARDENED = new JobSettings("builds", "alpine/git:2.47.2", Optional.of("git-credentials"),
            "quay.io/buildah/stable:v1.38.1@sha256:" + "a".repeat(64), Optional.of("registry-push"),
            Optional.of("image-builder"), Optional.of("sonar-token"), 10001, true,
            Map.of(JobKind.BUILD, new ContainerResources("1", "2Gi", "4", "8Gi")), "20Gi",
            java.util.Set.of("registry.example:5000"));

    private static io.fabric8.kubernetes.api.model.PodSpec pod(CommandSpec spec) {
        return StageJobs.job(spec, "pl-shop-" + spec.stage() + "-1", HARDENED).getSpec().getTemplate().getSpec();
    }

    private static List<Container> allContainers(io.fabric8.kubernetes.api.model.PodSpec pod) {
        List<Container> all = new java.util.ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }

    static java.util.stream.Stream<CommandSpec> everyStageKind() {
        return java.util.stream.Stream.of(SPEC, SAST, BUILD, new CommandSpec("lint", "mvn -q validate",
                Path.of("/tmp/ws"), Duration.ofMinutes(5), List.of(), Map.of(), SPEC.origin()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyStageKind")
    void givenAnyStageKind_whenTheJobIsBuilt_thenThePodIsHardenedAndHasNoServiceAccountToken(CommandSpec spec) {
        // When
        io.fabric8.kubernetes.api.model.batch.v1.Job job = StageJobs.job(spec, "pl-shop-x-1", HARDENED);

        // Then
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(StageJobs.LABEL_STAGE_POD, "true");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(allContainers(pod)).allSatisfy(c -> {
            var security = c.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(security.getPrivileged()).as(c.getName()).isFalse();
            assertThat(security.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(security.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).as(c.getName()).isEqualTo("RuntimeDefault");
            assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(c.getName()).containsKeys("cpu", "memory");
            assertThat(c.getEnv()).as(c.getName()).allSatisfy(e -> assertThat(e.getValue() == null
                    ? "" : e.getValue()).doesNotContain("squ_literal"));
            assertThat(c.getVolumeMounts()).extracting(io.fabric8.kubernetes.api.model.VolumeMount::getMountPath)
                    .as(c.getName()).contains("/workspace", "/tmp");
        });
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() == null)
                .allSatisfy(v -> assertThat(v.getEmptyDir()).as(v.getName()).isNotNull());
        assertThat(Serialization.asYaml(job)).doesNotContain("squ_literal");
    }

    @Test
    void givenConfiguredResources_whenTheJobsAreBuilt_thenEachContainerKindGetsItsOwnRequestsAndLimits() {
        // When
        var build = pod(BUILD);
        var test = pod(SPEC);

        // Then
        Container buildah = build.getContainers().get(0);
        assertThat(buildah.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(buildah.getResources().getLimits().get("memory").toString()).isEqualTo("8Gi");
        Container checkout = test.getInitContainers().get(0);
        assertThat(checkout.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
        Container command = test.getContainers().get(0);
        assertThat(command.getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
        assertThat(command.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
    }

    @Test
    void givenTheSastStage_whenTheJobIsBuilt_thenSonarTokenComesFromTheSecretByReferenceAndNeverAsALiteral() {
        // When
        Container stage = pod(SAST).getContainers().get(0);

        // Then
        assertThat(stage.getEnv()).filteredOn(e -> e.getName().equals("SONAR_TOKEN")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sonar-token");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
        assertThat(stage.getEnv()).extracting(EnvVar::getName).contains("SONAR_HOST_URL");
        assertThat(pod(SPEC).getContainers().get(0).getEnv()).extracting(EnvVar::getName).doesNotContain("SONAR_TOKEN");
    }

    @Test
    void givenTheImageBuild_whenTheJobIsBuilt_thenBuildahRunsTheBuildScriptAfterTheCloneAndTheBuildCommand() {
        // When
        io.fabric8.kubernetes.api.model.batch.v1.Job job = StageJobs.job(BUILD, "pl-shop-build-1", HARDENED);

        // Then
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1200L);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(pod.getServiceAccountName()).isEqualTo("image-builder");
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("checkout", "package");
        Container packaging = pod.getInitContainers().get(1);
        assertThat(packaging.getImage()).isEqualTo("maven:3.9");
        assertThat(packaging.getCommand()).containsExactly("bash", "-c", "mvn -B package -DskipTests");
        Container buildah = pod.getContainers().get(0);
        assertThat(buildah.getName()).isEqualTo(StageJobs.STAGE_CONTAINER);
        assertThat(buildah.getImage()).isEqualTo("quay.io/buildah/stable:v1.38.1@sha256:" + "a".repeat(64));
        assertThat(buildah.getCommand()).containsExactly("sh", "-c", BuildScript.SCRIPT);
        assertThat(BuildScript.SCRIPT).contains("--storage-driver vfs", "--isolation chroot", "--digestfile",
                BuildScript.DIGEST_MARKER);
        Map<String, String> env = new java.util.HashMap<>();
        buildah.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertThat(env).containsEntry("GITOPS_IMAGE", "registry.example:5000/acme/shop:" + SHA)
                .containsEntry(BuildScript.CONTEXT, "/workspace").containsEntry(BuildScript.DOCKERFILE, "Dockerfile")
                .containsEntry(BuildScript.BUILD_ARGS, "A=1").containsEntry(BuildScript.STORAGE, StageJobs.STORAGE)
                .containsEntry(BuildScript.TLS_VERIFY, "false").containsEntry("BUILDAH_ISOLATION", "chroot")
                .containsEntry("REGISTRY_AUTH_FILE", "/run/secrets/registry/auth.json");
        assertThat(buildah.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
                .containsExactlyInAnyOrder("workspace:/workspace:true", "storage:" + StageJobs.STORAGE + ":false",
                        "tmp:/tmp:false", "registry-auth:/run/secrets/registry:true");
        var auth = pod.getVolumes().stream().filter(v -> v.getName().equals("registry-auth")).findFirst().orElseThrow();
        assertThat(auth.getSecret().getSecretName()).isEqualTo("registry-push");
        assertThat(auth.getSecret().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly(".dockerconfigjson->auth.json");
        var storage = pod.getVolumes().stream().filter(v -> v.getName().equals("storage")).findFirst().orElseThrow();
        assertThat(storage.getEmptyDir().getSizeLimit().toString()).isEqualTo("20Gi");
    }

    @Test
    void givenTheImageBuildWithoutBuildCommandOrAuthSecret_whenTheJobIsBuilt_thenOnlyTheCloneRunsFirstAndNothingIsMounted() {
        // Given
        CommandSpec build = new CommandSpec("build", "", Path.of("/tmp/ws"), Duration.ofMinutes(20), List.of(),
                Map.of("GITOPS_IMAGE", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/shop:" + SHA,
                        CommandSpec.DOCKERFILE, "Dockerfile"), SPEC.origin());

        // When
        var pod = StageJobs.job(build, "pl-shop-build-1", new JobSettings("builds", "alpine/git:2.47.2",
                Optional.empty())).getSpec().getTemplate().getSpec();

        // Then
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("checkout");
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getVolumes()).extracting(io.fabric8.kubernetes.api.model.Volume::getName)
                .containsExactlyInAnyOrder("workspace", "tmp", "storage");
        assertThat(pod.getContainers().get(0).getEnv()).extracting(EnvVar::getName).doesNotContain("REGISTRY_AUTH_FILE");
        assertThat(pod.getContainers().get(0).getEnv()).filteredOn(e -> e.getName().equals(BuildScript.TLS_VERIFY))
                .extracting(EnvVar::getValue).containsExactly("true");
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo(JobSettings.DEFAULT_BUILD_IMAGE);
    }

    @Test
    void givenAnUnpinnedBuildImageOrRootUid_whenTheSettingsAreMade_thenTheyAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JobSettings("b", "git", Optional.empty(),
                "quay.io/buildah/stable:v1.38.1", Optional.empty(), Optional.empty(), Optional.empty(), 1000, true,
                Map.of(), "1Gi", java.util.Set.of())).hasMessageContaining("pinned by digest");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JobSettings("b", "git", Optional.empty(),
                JobSettings.DEFAULT_BUILD_IMAGE, Optional.empty(), Optional.empty(), Optional.empty(), 0, true,
                Map.of(), "1Gi", java.util.Set.of())).hasMessageContaining("non-root");
    }

    @Test
    void givenAPrintedDigestOrOnlyATerminationMessage_whenRead_thenTheDigestIsFound() {
        String digest = "sha256:" + "b".repeat(64);

        assertThat(BuildScript.digest("pushing\n" + BuildScript.DIGEST_MARKER + digest + "\n", null)).contains(digest);
        assertThat(BuildScript.digest("no marker", digest + "\n")).contains(digest);
        assertThat(BuildScript.digest("::gitops-digest::sha256:short", "not a digest")).isEmpty();
        assertThat(BuildScript.buildArgs(Map.of("B", "2", "A", "x y"))).isEqualTo("A=x y\nB=2");
    }
}
