package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The embedded stack as a newcomer runs it: real processes (Kafka, the Git server, the sandbox, the registry when
 * installed, the five service jars) started by the launcher, then the demo's scenarios, then {@code down}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackIT {

    static StackLayout layout;
    static Ports ports;
    static Stack stack;
    static StackInfo info;
    static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

    @BeforeAll
    static void up() throws IOException {
        Path repoRoot = StackLayout.discover(Path.of("")).repoRoot();
        layout = new StackLayout(repoRoot, Files.createTempDirectory("gitops-stack-"));
        ports = freePorts();
        stack = new Stack(layout, ports, new PrintStream(OUTPUT, true, StandardCharsets.UTF_8), Duration.ofSeconds(180));
        info = stack.up();
    }

    static Ports freePorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            for (String part : Ports.DEFAULTS.keySet()) {
                java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(part, socket.getLocalPort());
            }
        } finally {
            for (java.net.ServerSocket socket : held) {
                socket.close();
            }
        }
        return new Ports(ports);
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            stack.down();
        }
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
        assertThat(OUTPUT.toString(StandardCharsets.UTF_8)).contains("starting kafka").contains("ready in");
    }
}
