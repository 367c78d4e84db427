package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.gitops.config.ConfigRepoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPartsTest {

    @TempDir
    Path dir;

    @Test
    void givenPortOverridesInTheEnvironment_whenPortsAreRead_thenTheyReplaceTheDefaults() {
        Ports ports = Ports.fromEnvironment(Map.of("GITOPS_PORT_KAFKA", "29092", "GITOPS_PORT_SYNC_ENGINE", " 9084 "));

        assertThat(ports.of("kafka")).isEqualTo(29092);
        assertThat(ports.of("sync-engine")).isEqualTo(9084);
        assertThat(ports.of("ingest")).isEqualTo(8081);
        assertThatThrownBy(() -> ports.of("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ports.fromEnvironment(Map.of("GITOPS_PORT_GIT", "x")))
                .hasMessageContaining("GITOPS_PORT_GIT must be a port number");
    }

    @Test
    void givenAPortInUse_whenCheckingBeforeStart_thenThePartAndPortAreNamed() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Ports ports = new Ports(Map.of("git", socket.getLocalPort()));

            List<String> busy = ports.busy();

            assertThat(busy).containsExactly("git (port " + socket.getLocalPort() + ")");
        }
    }

    @Test
    void givenAStackInfo_whenWrittenAndReadBack_thenValuesWithQuotesSurvive() throws IOException {
        StackSettings settings = new StackSettings("it's secret", "gitops", "pw", new LocalRegistry.Layout(
                "127.0.0.1:15000", dir.resolve("images"), "no registry server"));
        StackInfo info = StackInfo.of(StackLayout.at(dir), Ports.fromEnvironment(Map.of()), settings, Duration.ofSeconds(3));
        Files.writeString(dir.resolve("stack.env"), info.toEnvFile());

        Map<String, String> read = StackEnvFile.read(dir.resolve("stack.env"));

        assertThat(read).containsEntry("GITOPS_WEBHOOK_SECRET", "it's secret")
                .containsEntry("GITOPS_WEBHOOK_URL", "http://127.0.0.1:8081/webhooks/github")
                .containsEntry("GITOPS_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
                .containsEntry("GITOPS_SAMPLE_REPO", "acme/sample-app")
                .containsEntry("GITOPS_SAMPLE_REPO_URL", "http://127.0.0.1:18080/git/acme/sample-app.git")
                .containsEntry("GITOPS_CONFIG_REPO_URL", "http://127.0.0.1:18080/git/acme/gitops-config.git")
                .containsEntry("GITOPS_KUBECONFIG", dir.resolve(".gitops/kubeconfig").toString())
                .containsEntry("GITOPS_REGISTRY", "oci-layout (no registry server)")
                .containsEntry("GITOPS_SYNC_ENGINE_METRICS_URL", "http://127.0.0.1:8084/q/metrics");
        assertThat(info.summary()).contains("The platform is up (3.0 s)").contains("./gitops demo");
    }

    @Test
    void givenTheSandboxAuthorizing_whenTheStackInfoIsMade_thenTheSandboxIsHttpsAndTheServicesKubeconfigsAreNamed() {
        StackSettings settings = new StackSettings("s", "gitops", "pw", new LocalRegistry.Server("127.0.0.1:15000"));
        StackLayout layout = StackLayout.at(dir);

        StackInfo on = StackInfo.of(layout, Ports.fromEnvironment(Map.of()), settings, KafkaSecurity.plaintext(),
                SandboxAuthorization.ON, Duration.ofSeconds(1));
        StackInfo off = StackInfo.of(layout, Ports.fromEnvironment(Map.of()), settings, KafkaSecurity.plaintext(),
                SandboxAuthorization.OFF, Duration.ofSeconds(1));

        assertThat(on.variables()).containsEntry("GITOPS_SANDBOX_URL", "https://127.0.0.1:18443")
                .containsEntry("GITOPS_SANDBOX_AUTHORIZATION", "on")
                .containsEntry("GITOPS_KUBECONFIGS", dir.resolve(".gitops/kubeconfigs").toString())
                .containsEntry("GITOPS_KUBECONFIG", dir.resolve(".gitops/kubeconfig").toString());
        assertThat(off.variables()).containsEntry("GITOPS_SANDBOX_URL", "http://127.0.0.1:18443")
                .containsEntry("GITOPS_SANDBOX_AUTHORIZATION", "off").doesNotContainKey("GITOPS_KUBECONFIGS");
    }

    @Test
    void givenOwnKubeconfigs_whenEachServicesEnvironmentIsPlanned_thenKubeconfigIsItsOwn() {
        StackSettings settings = new StackSettings("s", "gitops", "pw", new LocalRegistry.Server("127.0.0.1:15000"));
        StackLayout layout = StackLayout.at(dir);
        Ports ports = Ports.fromEnvironment(Map.of());
        var kafka = LauncherKafkaSettings.of(ports);

        for (String service : StackSettings.SERVICES) {
            assertThat(settings.serviceEnv(service, layout, ports, kafka, layout.serviceKubeconfig(service)))
                    .containsEntry("KUBECONFIG", dir.resolve(".gitops/kubeconfigs/" + service + ".yaml").toString());
        }
        assertThat(settings.serviceEnv("ingest", layout, ports, kafka, null)).doesNotContainKey("KUBECONFIG");
        assertThat(settings.serviceEnv("health-verifier", layout, ports, kafka, null))
                .containsEntry("KUBECONFIG", layout.kubeconfig().toString());
    }

    @Test
    void givenEachService_whenItsEnvironmentIsPlanned_thenItGetsTheBrokerItsPortAndItsEndpoints() {
        StackSettings settings = new StackSettings("s", "gitops", "pw", new LocalRegistry.Server("127.0.0.1:15000"));
        StackLayout layout = StackLayout.at(dir);
        Ports ports = Ports.fromEnvironment(Map.of());

        Map<String, String> ingest = settings.serviceEnv("ingest", layout, ports);
        Map<String, String> build = settings.serviceEnv("build-orchestrator", layout, ports);
        Map<String, String> sync = settings.serviceEnv("sync-engine", layout, ports);

        assertThat(ingest).containsEntry("GITOPS_INGEST_SECRETS", "s").containsEntry("QUARKUS_HTTP_PORT", "8081")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        assertThat(build).containsEntry("GITOPS_BUILD_GIT_URL_TEMPLATE", "http://127.0.0.1:18080/git/{repo}.git")
                .containsEntry("GITOPS_BUILD_CONFIG_REPO_USERNAME", "gitops")
                .containsEntry("GITOPS_BUILD_CONFIG_REPO_PASSWORD", "pw");
        assertThat(sync).containsEntry("KUBECONFIG", layout.kubeconfig().toString());
        for (String service : StackSettings.SERVICES) {
            assertThat(settings.serviceEnv(service, layout, ports)).containsKey("QUARKUS_HTTP_PORT");
        }
        assertThatThrownBy(() -> settings.serviceEnv("nope", layout, ports)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheOrchestrator_whenItsEnvironmentIsPlanned_thenMissedWebhooksAreReconciledWithinTenSeconds() {
        StackSettings settings = new StackSettings("s", "gitops", "pw", new LocalRegistry.Server("127.0.0.1:15000"));

        Map<String, String> build = settings.serviceEnv("build-orchestrator", StackLayout.at(dir),
                Ports.fromEnvironment(Map.of()));

        assertThat(build).containsEntry("GITOPS_BUILD_RECONCILE_INTERVAL", "10s");
    }

    @Test
    void givenTheHealthVerifier_whenItsEnvironmentIsPlanned_thenEveryFailureModeIsJudgedWithinSeconds() {
        StackSettings settings = new StackSettings("s", "gitops", "pw", new LocalRegistry.Server("127.0.0.1:15000"));

        Map<String, String> health = settings.serviceEnv("health-verifier", StackLayout.at(dir), Ports.fromEnvironment(Map.of()));

        // an image pull failing for 3 s; 3 unready observations 1 s apart; restored revisions stable after 2 s
        assertThat(health).containsEntry("GITOPS_HEALTH_IMAGE_PULL_GRACE", "3s")
                .containsEntry("GITOPS_HEALTH_READINESS_FAILURES", "3")
                .containsEntry("GITOPS_HEALTH_OBSERVATION_INTERVAL", "1s")
                .containsEntry("GITOPS_HEALTH_DEFAULT_MIN_STABLE", "2s");
    }

    @Test
    void givenTheRepository_whenItsRootIsDiscoveredFromASubdirectory_thenTheRootHasTheGitopsScript() throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.writeString(dir.resolve("gitops"), "#!/bin/sh");
        Files.createDirectories(dir.resolve("a/b"));

        StackLayout layout = StackLayout.discover(dir.resolve("a/b"));

        assertThat(layout.repoRoot()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(layout.stackEnv()).isEqualTo(layout.repoRoot().resolve(".gitops/stack.env"));
        assertThat(layout.serviceJar("ingest").toString()).endsWith("services/ingest/target/quarkus-app/quarkus-run.jar");
        assertThat(StackLayout.discover(Path.of("/")).repoRoot()).isEqualTo(Path.of("/"));
    }

    @Test
    void givenTheShippedExampleConfigRepo_whenRead_thenTheSampleAppIsValid() {
        Path examples = StackLayout.discover(Path.of("")).repoRoot().resolve("examples/config-repo");

        var catalog = ConfigRepoReader.read(examples);

        assertThat(catalog.invalid()).isEmpty();
        assertThat(catalog.apps()).containsOnlyKeys("sample-app");
        assertThat(catalog.app("sample-app").orElseThrow().pipeline().sastDisabled()).isTrue();
        assertThat(catalog.quarantine().entries()).isEmpty();
    }

    @Test
    void givenAProcessThatPrintsReady_whenAwaited_thenItIsFoundByPidAndStopsWithItsChildren() throws IOException {
        StackLayout layout = StackLayout.at(dir);
        ManagedProcess process = ManagedProcess.start("fake", layout,
                List.of("bash", "-c", "echo 'FAKE READY url=http://x'; sleep 60 & wait"), Map.of(), dir);

        String url = process.awaitLogLine(Pattern.compile("FAKE READY url=(\\S+)"), Duration.ofSeconds(10));

        assertThat(url).isEqualTo("http://x");
        assertThat(ManagedProcess.find("fake", layout)).isPresent();
        process.stop(Duration.ofSeconds(5));
        assertThat(process.alive()).isFalse();
        assertThat(ManagedProcess.find("fake", layout)).isEmpty();
    }

    @Test
    void givenAProcessThatDiesEarly_whenAwaited_thenTheErrorPointsAtItsLog() throws IOException {
        StackLayout layout = StackLayout.at(dir);
        ManagedProcess process = ManagedProcess.start("dying", layout, List.of("bash", "-c", "echo boom; exit 3"),
                Map.of(), dir);

        assertThatThrownBy(() -> process.awaitLogLine(Pattern.compile("NEVER"), Duration.ofSeconds(10)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("dying exited before it was ready; see its log: " + layout.log("dying"));
        assertThatThrownBy(() -> process.await(() -> false, Duration.ofSeconds(5), "answering"))
                .hasMessageContaining("dying exited before answering");
    }

    @Test
    void givenAProcessThatNeverGetsReady_whenAwaited_thenItTimesOutNamingWhatItWaitedFor() throws IOException {
        StackLayout layout = StackLayout.at(dir);
        ManagedProcess process = ManagedProcess.start("slow", layout, List.of("sleep", "30"), Map.of(), dir);
        try {
            assertThatThrownBy(() -> process.await(() -> false, Duration.ofMillis(300), "the port opening"))
                    .hasMessageContaining("slow: the port opening did not happen within 0 s");
            assertThatThrownBy(() -> process.awaitLogLine(Pattern.compile("x"), Duration.ofMillis(300)))
                    .hasMessageContaining("slow did not become ready");
        } finally {
            process.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void givenAStalePidFile_whenLookedUp_thenNothingIsFound() throws IOException {
        StackLayout layout = StackLayout.at(dir);
        Files.createDirectories(layout.pids());
        Files.writeString(layout.pidFile("ghost"), "not-a-pid");

        assertThat(ManagedProcess.find("ghost", layout)).isEmpty();
        assertThat(ManagedProcess.find("never-started", layout)).isEmpty();
    }

    @Test
    void givenTheBrokerPorts_whenItsServerPropertiesAreWritten_thenItIsASingleKraftNodeOnLoopback() {
        String properties = KafkaBroker.serverProperties(Ports.fromEnvironment(Map.of()), dir);

        assertThat(properties).contains("process.roles=broker,controller")
                .contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .contains("auto.create.topics.enable=false")
                .contains("log.dirs=" + dir);
    }

    @Test
    void givenBareTagsOrReferences_whenTurnedIntoSandboxRules_thenTagsGetAColon() {
        assertThat(SandboxControl.rule("abc123")).isEqualTo(":abc123");
        assertThat(SandboxControl.rule("registry/app:1")).isEqualTo("registry/app:1");
        assertThatThrownBy(() -> SandboxControl.failImage(StackLayout.at(Path.of("no-stack")), "x", "explode", false))
                .hasMessageContaining("unknown mode 'explode'");
    }
}
