package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The embedded stack as a newcomer runs it: real processes (Kafka, the Git server, the sandbox, the registry when
 * installed, the five service jars) started by the launcher ({@link RunningStack}), then the demo's scenarios.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class EmbeddedStackIT {

    static StackLayout layout;
    static Ports ports;
    static Stack stack;
    static RunningStack running;

    @BeforeAll
    static void up() {
        running = RunningStack.get();
        layout = running.layout;
        ports = running.ports;
        stack = running.stack;
    }

    @Test
    @Order(1)
    void givenUp_whenItReturns_thenEveryPartIsRunningAndTheEnvironmentFileNamesTheEndpoints() throws IOException {
        Map<String, String> status = stack.status();

        status.forEach((part, state) -> {
            if (!part.equals("registry")) {
                assertThat(state).as(part).startsWith("running").doesNotContain("NOT READY");
            }
        });
        Map<String, String> env = StackEnvFile.read(layout.stackEnv());
        assertThat(env).containsKeys("GITOPS_WEBHOOK_URL", "GITOPS_WEBHOOK_SECRET", "GITOPS_KAFKA_BOOTSTRAP",
                "GITOPS_CONFIG_REPO_URL", "GITOPS_SAMPLE_REPO_URL", "GITOPS_SAMPLE_REPO", "GITOPS_KUBECONFIG",
                "GITOPS_INGEST_METRICS_URL", "GITOPS_BUILD_ORCHESTRATOR_METRICS_URL", "GITOPS_CONFIG_BUMPER_METRICS_URL",
                "GITOPS_SYNC_ENGINE_METRICS_URL", "GITOPS_HEALTH_VERIFIER_METRICS_URL");
        assertThat(Http.ok(env.get("GITOPS_SYNC_ENGINE_METRICS_URL"))).isTrue();
        assertThat(running.printed()).contains("starting kafka").contains("ready in");
    }

    @Test
    @Order(2)
    void givenTheDemoStory_whenPlayed_thenGitHistoryClusterStateAndEventsTellIt() throws IOException {
        Map<String, String> env = StackEnvFile.read(layout.stackEnv());
        Demo demo = new Demo(layout, ports, env, running.out(), Duration.ofSeconds(240));

        demo.run();

        List<io.gitops.events.Event<?>> events;
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env))) {
            events = tail.readExisting();
        }
        List<String> crashing = events.stream().filter(e -> demo.crashingSha().equals(e.correlationId())
                || e.data() instanceof io.gitops.events.data.ConfigChanged c && demo.crashingSha().equals(c.quarantinedTag()))
                .map(e -> e.type().type()).toList();
        assertThat(crashing).containsSubsequence("io.gitops.pipeline.queued.v1", "io.gitops.artifact.published.v1",
                "io.gitops.config.changed.v1", "io.gitops.rollout.failed.v1", "io.gitops.config.changed.v1");
        assertThat(events.stream().map(e -> e.type().type()).toList()).containsSubsequence(
                "io.gitops.rollout.healthy.v1", "io.gitops.rollout.failed.v1", "io.gitops.sync.rolled-back.v1",
                "io.gitops.sync.drift.detected.v1", "io.gitops.sync.drift.healed.v1");
        try (SampleRepo config = SampleRepo.cloneInto(env.get("GITOPS_CONFIG_REPO_URL"), layout.data().resolve("it/config"),
                env.get("GITOPS_GIT_USERNAME"), env.get("GITOPS_GIT_PASSWORD"))) {
            assertThat(config.recentSubjects(1).get(0)).contains("Revert sample-app/staging to " + demo.goodSha().substring(0, 12));
            assertThat(config.read(io.gitops.config.ConfigRepoLayout.QUARANTINE_FILE)).contains(demo.crashingSha());
            assertThat(config.read(io.gitops.config.ConfigRepoLayout.valuesFile("sample-app", "staging"))).contains(demo.goodSha());
        }
        var kube = io.fabric8.kubernetes.client.Config.fromKubeconfig(null, Files.readString(layout.kubeconfig()), null);
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(kube).build()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var deployment = client.apps().deployments().inNamespace(Demo.NAMESPACE).withName(Demo.APP).get();
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .contains(":" + demo.goodSha() + "@sha256:");
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
                assertThat(deployment.getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
            });
        }
    }

    @Test
    @Order(3)
    void givenAWebhookRedeliveredWithTheSameDeliveryId_whenBothArrive_thenOnePipelineRuns() throws IOException {
        Map<String, String> env = StackEnvFile.read(layout.stackEnv());
        String sha;
        try (SampleRepo sample = SampleRepo.cloneInto(env.get("GITOPS_SAMPLE_REPO_URL"), layout.data().resolve("it/sample"),
                env.get("GITOPS_GIT_USERNAME"), env.get("GITOPS_GIT_PASSWORD"))) {
            sha = sample.commit("README.md", sample.read("README.md") + "\nRedelivered.\n", "Docs: redelivery");
            sample.pushTo("refs/heads/redelivery");
        }
        String body = "{\"ref\":\"refs/heads/main\",\"before\":\"" + "0".repeat(40) + "\",\"after\":\"" + sha
                + "\",\"repository\":{\"full_name\":\"acme/sample-app\"},\"head_commit\":{\"id\":\"" + sha
                + "\",\"timestamp\":\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\",\"message\":\"Docs: redelivery\"}}";
        String delivery = java.util.UUID.randomUUID().toString();

        int first = Webhooks.post(env.get("GITOPS_WEBHOOK_URL"), env.get("GITOPS_WEBHOOK_SECRET"), "push", delivery, body);
        int second = Webhooks.post(env.get("GITOPS_WEBHOOK_URL"), env.get("GITOPS_WEBHOOK_SECRET"), "push", delivery, body);

        assertThat(first).isEqualTo(202);
        assertThat(second).isEqualTo(202);
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env))) {
            tail.await(e -> sha.equals(e.correlationId()) && e.data() instanceof io.gitops.events.data.PipelineFinished,
                    e -> { }, Duration.ofSeconds(180));
        }
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env))) {
            List<io.gitops.events.Event<?>> events = tail.readExisting();
            assertThat(events.stream().filter(e -> e.data() instanceof io.gitops.events.data.WebhookReceived w
                    && delivery.equals(w.deliveryId()))).hasSize(1);
            assertThat(events.stream().filter(e -> e.data() instanceof io.gitops.events.data.PipelineQueued q
                    && sha.equals(q.commit()))).hasSize(1);
        }
    }

    @Test
    @Order(4)
    void givenEachServiceOnItsOwnToken_whenKubectlAsksWithTheirKubeconfigs_thenOnlyTheAdminMayDoEverything() throws IOException {
        // Given ./gitops up with the sandbox authorizing (the default)
        Map<String, String> env = StackEnvFile.read(layout.stackEnv());
        java.nio.file.Path sync = layout.serviceKubeconfig("sync-engine");
        java.nio.file.Path bumper = layout.serviceKubeconfig("config-bumper");
        java.nio.file.Path admin = java.nio.file.Path.of(env.get("GITOPS_KUBECONFIG"));

        // When
        Kubectl syncCreatesNamespaces = Kubectl.run(sync, "auth", "can-i", "create", "namespaces");
        Kubectl bumperListsDeployments = Kubectl.run(bumper, "get", "deployments", "-A", "-v=6");
        Kubectl adminCreatesNamespaces = Kubectl.run(admin, "auth", "can-i", "create", "namespaces");
        Kubectl adminMayDoEverything = Kubectl.run(admin, "auth", "can-i", "*", "*", "--all-namespaces");
        Kubectl adminListsDeployments = Kubectl.run(admin, "get", "deployments", "-A");

        // Then
        assertThat(env).containsEntry(SandboxAuthorization.SETTING, "on").containsEntry("GITOPS_KUBECONFIGS",
                layout.kubeconfigs().toString());
        assertThat(admin).isEqualTo(layout.kubeconfig());
        for (String service : StackSettings.SERVICES) {
            assertThat(Files.readString(layout.serviceKubeconfig(service))).as(service).contains("token: ")
                    .doesNotContain(Files.readString(admin).lines().filter(l -> l.contains("token: ")).findFirst().orElseThrow().trim());
        }
        assertThat(syncCreatesNamespaces.answer()).isEqualTo("no");
        assertThat(syncCreatesNamespaces.exitCode()).isEqualTo(1);
        assertThat(bumperListsDeployments.exitCode()).isEqualTo(1);
        assertThat(bumperListsDeployments.output()).contains("403 Forbidden").contains("Error from server (Forbidden)").contains(
                "User \"system:serviceaccount:gitops-system:embedded-config-bumper\" cannot list resource \"deployments\" "
                        + "in API group \"apps\" at the cluster scope");
        assertThat(adminCreatesNamespaces.answer()).isEqualTo("yes");
        assertThat(adminMayDoEverything.answer()).isEqualTo("yes");
        assertThat(adminListsDeployments.exitCode()).as(adminListsDeployments.output()).isZero();
        assertThat(adminListsDeployments.output()).contains(Demo.NAMESPACE);
    }

    /** The machine's {@code kubectl} with one kubeconfig: exit code and combined output. */
    record Kubectl(int exitCode, String output) {

        /** The last line: {@code auth can-i}'s yes or no (after its warnings, e.g. "not namespace scoped"). */
        String answer() {
            List<String> lines = output.strip().lines().toList();
            return lines.get(lines.size() - 1).strip();
        }

        static Kubectl run(java.nio.file.Path kubeconfig, String... args) throws IOException {
            List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("kubectl " + args[0]).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return new Kubectl(process.exitValue(), output);
        }
    }

    @Test
    @Order(5)
    void givenARunningStack_whenUpIsCalledAgain_thenItRefusesAndSaysHowToStopIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Stack(layout, ports, running.out(), Duration.ofSeconds(5)).up())
                .isInstanceOf(StackException.class).hasMessageContaining("./gitops down");
    }
}
