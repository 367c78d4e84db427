package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitServerMainIT {

    private static final String PASSWORD = "pw-never-printed-4711";
    private static final String SECRET = "webhook-secret-never-printed-0815";
    private static final GitCredentials CREDENTIALS = new GitCredentials("bot", PASSWORD);
    private static final Map<String, String> ENV = Map.of(
            "GITOPS_GIT_USERNAME", "bot", "GITOPS_GIT_PASSWORD", PASSWORD, "GITOPS_WEBHOOK_SECRET", SECRET);

    @TempDir
    Path temp;

    private Path seedDirectory;
    private GitServerProcess process;
    private WebhookReceiver receiver;

    @BeforeEach
    void prepareSeed() throws Exception {
        seedDirectory = temp.resolve("seed-config");
        Files.createDirectories(seedDirectory.resolve("apps/web"));
        Files.writeString(seedDirectory.resolve("apps/web/app.yaml"), "name: web\n");
    }

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private GitServerProcess launch(String... extraArgs) throws Exception {
        String[] args = new String[extraArgs.length + 4];
        args[0] = "--base-dir";
        args[1] = temp.resolve("repos").toString();
        args[2] = "--seed";
        args[3] = "acme/config=" + seedDirectory;
        System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
        return GitServerProcess.launch(temp, ENV, args);
    }

    @Test
    void givenSeedAndCredentials_whenLaunched_thenItPrintsReadyAndTheSeededRepositoryClonesWithCredentials()
            throws Exception {
        long started = System.nanoTime();
        process = launch();

        String url = process.awaitReady();

        System.out.printf("local-git-server process ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/git");
        assertThat(process.line("GITSERVER REPO repo=acme/config url=" + url + "/acme/config.git head=")).isPresent();
        try (GitClient clone = GitClient.cloneFrom(url + "/acme/config.git", temp.resolve("clone"), CREDENTIALS)) {
            assertThat(clone.read("apps/web/app.yaml")).isEqualTo("name: web\n");
        }
    }

    @Test
    void givenWebhookUrl_whenPushingToTheLaunchedServer_thenTheReceiverGetsASignedGitHubPushWebhook()
            throws Exception {
        receiver = WebhookReceiver.start(202);
        process = launch("--webhook-url", receiver.url().toString());
        String url = process.awaitReady();
        try (GitClient clone = GitClient.cloneFrom(url + "/acme/config.git", temp.resolve("clone"), CREDENTIALS)) {
            RevCommit change = clone.commit("apps/web/app.yaml", "name: web\nreplicas: 2\n", "scale web");

            RemoteRefUpdate update = clone.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received webhook = receiver.received().get(0);
            assertThat(webhook.event()).isEqualTo("push");
            assertThat(webhook.deliveryId()).matches("[0-9a-f-]{36}");
            assertThat(webhook.signature()).isEqualTo(WebhookSignature.sign(SECRET, webhook.body()));
            JsonNode payload = new ObjectMapper().readTree(webhook.body());
            assertThat(payload.path("after").asText()).isEqualTo(change.name());
            assertThat(payload.path("repository").path("full_name").asText()).isEqualTo("acme/config");
            assertThat(payload.path("pusher").path("name").asText()).isEqualTo("bot");
            assertThat(payload.path("head_commit").path("modified").get(0).asText()).isEqualTo("apps/web/app.yaml");
        }
    }

    @Test
    void givenWebhookRetries_whenTheReceiverFailsOnce_thenTheSameDeliveryIsRetriedAndArrives() throws Exception {
        receiver = WebhookReceiver.start(503, 202);
        process = launch("--webhook-url", receiver.url().toString(), "--webhook-retries", "2");
        String url = process.awaitReady();
        try (GitClient clone = GitClient.cloneFrom(url + "/acme/config.git", temp.resolve("clone"), CREDENTIALS)) {
            clone.commit("apps/web/app.yaml", "name: web\nreplicas: 3\n", "scale web");

            clone.pushMain();

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);
            assertThat(receiver.received().stream().map(WebhookReceiver.Received::deliveryId).distinct())
                    .as("one delivery, redelivered under its id").hasSize(1);
        }
    }

    @Test
    void givenNoWebhookRetries_whenTheReceiverFails_thenTheDeliveryIsAttemptedOnceAsOnGitHub() throws Exception {
        receiver = WebhookReceiver.start(503, 202);
        process = launch("--webhook-url", receiver.url().toString());
        String url = process.awaitReady();
        try (GitClient clone = GitClient.cloneFrom(url + "/acme/config.git", temp.resolve("clone"), CREDENTIALS)) {
            clone.commit("apps/web/app.yaml", "name: web\nreplicas: 4\n", "scale web");

            clone.pushMain();

            await().atMost(Duration.ofSeconds(20)).until(() -> process.stderrText().contains("giving up"));
            assertThat(process.stderrText()).contains("HTTP 503 on attempt 1, giving up");
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void givenARunningProcess_whenSentSigterm_thenItStopsCleanlyWithoutEverPrintingTheSecrets() throws Exception {
        receiver = WebhookReceiver.start(202);
        process = launch("--webhook-url", receiver.url().toString());
        process.awaitReady();

        int exitCode = process.terminate();

        assertThat(exitCode).as(process.stderrText()).isIn(0, 143);
        assertThat(process.stdout()).as(process.stderrText()).contains("GITSERVER STOPPED");
        String everything = String.join("\n", process.stdout()) + process.stderrText();
        assertThat(everything).doesNotContain(PASSWORD).doesNotContain(SECRET);
    }

    @Test
    void givenAnUnknownOption_whenLaunched_thenItExitsWith2AndPrintsUsage() throws Exception {
        process = GitServerProcess.launch(temp, Map.of(), "--frobnicate");

        int exitCode = process.awaitExit();

        assertThat(exitCode).isEqualTo(2);
        assertThat(process.stderrText()).contains("unknown option: --frobnicate").contains("Usage:");
    }

    @Test
    void givenHelp_whenLaunched_thenItPrintsUsageAndExits0() throws Exception {
        process = GitServerProcess.launch(temp, Map.of(), "--help");

        int exitCode = process.awaitExit();

        assertThat(exitCode).isZero();
        assertThat(process.stdout()).anySatisfy(line -> assertThat(line).contains("--webhook-url"));
    }

    @Test
    void givenAPortAlreadyTaken_whenLaunched_thenItExitsWith1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            process = GitServerProcess.launch(temp, Map.of(), "--port", String.valueOf(taken.getLocalPort()));

            int exitCode = process.awaitExit();

            assertThat(exitCode).isEqualTo(1);
            assertThat(process.stderrText()).contains("cannot start");
        }
    }
}
