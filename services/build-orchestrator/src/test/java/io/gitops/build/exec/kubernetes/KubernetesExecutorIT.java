package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Provided;
import io.gitops.testing.WithSandbox;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes executor against the sandbox API server. The sandbox runs no pods for Jobs, so the test plays the
 * Job controller: it drives the Job's status to succeeded or failed.
 */
@WithSandbox
class KubernetesExecutorIT {

    static final String NS = "gitops-builds";

    @Provided
    static SandboxCluster sandbox;
    static KubernetesClient client;

    @TempDir
    Path workspace;

    @BeforeAll
    static void start() {
        client = sandbox.client();
    }

    private CommandSpec spec(String stage, Duration timeout) {
        return new CommandSpec(stage, "mvn -B verify", workspace, timeout, List.of("target/surefire-reports"),
                Map.of("GITOPS_ATTEMPT", "1", "GITOPS_COMMIT", "9f2c"), new CommandSpec.Origin("pl-shop-9f2c1e4b7a6d",
                "shop", "acme/shop", "https://github.com/acme/shop.git", "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070",
                "maven:3.9-eclipse-temurin-17"));
    }

    private CompletableFuture<CommandResult> run(KubernetesExecutor executor, CommandSpec spec) {
        return CompletableFuture.supplyAsync(() -> executor.run(spec));
    }

    private static Job awaitJob(String name) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(), j -> j != null);
    }

    private static void setStatus(Job job, JobStatusBuilder status) {
        job.setStatus(status.build());
        client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
    }

    private static KubernetesExecutor executor() {
        return new KubernetesExecutor(() -> client, new JobSettings(NS, "alpine/git:2.47.2", java.util.Optional.empty()), Duration.ofMillis(20), 4096, d -> { });
    }

    @Test
    void givenAStage_whenRun_thenOneJobWithTheBuilderImageDeadlineAndWorkspaceIsCreatedAndItsSuccessRead() {
        CompletableFuture<CommandResult> result = run(executor(), spec("lint", Duration.ofSeconds(120)));
        Job job = awaitJob("pl-shop-9f2c1e4b7a6d-lint-1");

        setStatus(job, new JobStatusBuilder().withSucceeded(1));

        assertThat(result.join()).isInstanceOfSatisfying(CommandResult.Exited.class,
                e -> assertThat(e.exitCode()).isZero());
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(120L);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("maven:3.9-eclipse-temurin-17");
        assertThat(pod.getContainers().get(0).getCommand().get(2)).contains("bash -c 'mvn -B verify'");
        assertThat(pod.getInitContainers().get(0).getEnv()).anySatisfy(e -> assertThat(e.getValue())
                .isEqualTo("9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070"));
        assertThat(pod.getVolumes().get(0).getEmptyDir()).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.batch().v1().jobs().inNamespace(NS)
                .withName("pl-shop-9f2c1e4b7a6d-lint-1").get() == null);
    }

    @Test
    void givenAJobThatFails_whenRun_thenTheStageExitedNonZero() {
        CompletableFuture<CommandResult> result = run(executor(), spec("test", Duration.ofSeconds(60)));
        Job job = awaitJob("pl-shop-9f2c1e4b7a6d-test-1");

        setStatus(job, new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").build()));

        assertThat(result.join()).isInstanceOfSatisfying(CommandResult.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(1);
            assertThat(e.outputTail()).contains("no pod of Job");
        });
    }

    @Test
    void givenAJobPastItsDeadline_whenRun_thenTheStageTimedOut() {
        CompletableFuture<CommandResult> result = run(executor(), spec("sast", Duration.ofSeconds(5)));
        Job job = awaitJob("pl-shop-9f2c1e4b7a6d-sast-1");

        setStatus(job, new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("DeadlineExceeded").build()));

        assertThat(result.join()).isInstanceOfSatisfying(CommandResult.TimedOut.class,
                t -> assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void givenNoApiServer_whenRun_thenItIsATransientFailure() {
        KubernetesExecutor unreachable = new KubernetesExecutor(() -> new io.fabric8.kubernetes.client
                .KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build(),
                new JobSettings(NS, "git", java.util.Optional.empty()), Duration.ofMillis(10), 1024, d -> { });

        CommandResult result = unreachable.run(spec("build", Duration.ofSeconds(5)));

        assertThat(result).isInstanceOfSatisfying(CommandResult.NotRun.class, n -> assertThat(n.retryable()).isTrue());
    }

    static final String DIGEST = "sha256:" + "c".repeat(64);

    private CommandSpec buildSpec() {
        return new CommandSpec("build", "mvn -B package -DskipTests", workspace, Duration.ofSeconds(600), List.of(),
                Map.of("GITOPS_ATTEMPT", "1", "GITOPS_IMAGE", "registry.example/acme/shop:9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070",
                        CommandSpec.DOCKERFILE, "Dockerfile", CommandSpec.BUILD_ARGS, ""),
                spec("build", Duration.ofSeconds(600)).origin());
    }

    /** Plays the kubelet: the Job's pod, its buildah container terminated with {@code message}. */
    private static void podOf(Job job, String message) {
        client.pods().inNamespace(NS).withLabel("job-name", job.getMetadata().getName()).delete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(NS)
                .withLabel("job-name", job.getMetadata().getName()).list().getItems().isEmpty());
        io.fabric8.kubernetes.api.model.Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(job.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime())).withNamespace(NS)
                .addToLabels("job-name", job.getMetadata().getName()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        io.fabric8.kubernetes.api.model.Pod created = client.pods().inNamespace(NS).resource(pod).create();
        created.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded")
                .addNewContainerStatus().withName(StageJobs.STAGE_CONTAINER).withNewState().withNewTerminated()
                .withExitCode(0).withMessage(message).endTerminated().endState().endContainerStatus().build());
        client.pods().inNamespace(NS).resource(created).updateStatus();
    }

    @Test
    void givenTheImageBuild_whenRun_thenABuildahJobIsCreatedFollowedToCompletionAndItsDigestRecorded() {
        CompletableFuture<CommandResult> result = run(executor(), buildSpec());
        Job job = awaitJob("pl-shop-9f2c1e4b7a6d-build-1");
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).extracting(c -> c.getName()).containsExactly("checkout", "package");
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo(JobSettings.DEFAULT_BUILD_IMAGE);
        assertThat(pod.getContainers().get(0).getCommand()).containsExactly("sh", "-c", BuildScript.SCRIPT);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(StageJobs.LABEL_STAGE_POD, "true");
        assertThat(result).isNotDone();

        podOf(job, DIGEST);
        setStatus(job, new JobStatusBuilder().withActive(0).withSucceeded(1));

        assertThat(result.join()).isInstanceOfSatisfying(CommandResult.Exited.class, e -> {
            assertThat(e.exitCode()).isZero();
            assertThat(e.outputTail()).contains(DIGEST);
        });
        assertThat(io.gitops.build.exec.BuiltImage.reported(workspace)).contains(DIGEST);
        assertThat(executor().buildsImages()).isTrue();
    }

    @Test
    void givenABuildJobThatSucceedsWithoutADigest_whenRun_thenTheBuildFails() {
        CompletableFuture<CommandResult> result = run(executor(), buildSpec());
        Job job = awaitJob("pl-shop-9f2c1e4b7a6d-build-1");

        podOf(job, "");
        setStatus(job, new JobStatusBuilder().withSucceeded(1));

        assertThat(result.join()).isInstanceOfSatisfying(CommandResult.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(1);
            assertThat(e.outputTail()).contains("reported no digest");
        });
        assertThat(io.gitops.build.exec.BuiltImage.reported(workspace)).isEmpty();
    }

    @Test
    void givenThePushStageAfterTheBuildJob_whenRun_thenNoJobIsCreatedBecauseTheBuildJobPushed() {
        CommandSpec push = new CommandSpec("push", "", workspace, Duration.ofSeconds(60), List.of(),
                Map.of("GITOPS_ATTEMPT", "1"), spec("push", Duration.ofSeconds(60)).origin());

        CommandResult result = executor().run(push);

        assertThat(result).isInstanceOfSatisfying(CommandResult.Exited.class, e -> {
            assertThat(e.exitCode()).isZero();
            assertThat(e.outputTail()).contains("the build Job built and pushed the image");
        });
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("pl-shop-9f2c1e4b7a6d-push-1").get()).isNull();
    }
}
