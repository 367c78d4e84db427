package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatedLocalGitServerIT {

    private static final GitCredentials BUMPER = new GitCredentials("config-bumper", "s3cr3t-token");

    @TempDir
    Path temp;

    private LocalGitServer server;

    @BeforeEach
    void startServer() {
        server = LocalGitServer.start(GitServerOptions.of(temp.resolve("repos")).withCredentials(BUMPER));
        server.createRepository("acme", "config", "main", Map.of("README.md", "# config\n"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<String> infoRefs(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(server.repoUrl("acme", "config") + "/info/refs?service=git-upload-pack"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenCredentialsRequired_whenRequestingWithoutThem_thenUnauthorizedWithBasicChallenge() throws Exception {
        HttpResponse<String> response = infoRefs(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
    }

    @Test
    void givenCredentialsRequired_whenRequestingWithMalformedOrWrongOnes_thenUnauthorized() throws Exception {
        List<String> rejected = List.of("Basic %%%not-base64", basic("config-bumper:wrong"), "Bearer s3cr3t-token");

        List<Integer> statuses = new java.util.ArrayList<>();
        for (String authorization : rejected) {
            statuses.add(infoRefs(authorization).statusCode());
        }

        assertThat(statuses).containsOnly(401);
    }

    @Test
    void givenCredentialsRequired_whenRequestingWithTheRightOnes_thenRefsAreAdvertised() throws Exception {
        HttpResponse<String> response = infoRefs(basic("config-bumper:s3cr3t-token"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("refs/heads/main");
    }

    @Test
    void givenCredentialsRequired_whenCloningWithoutCredentials_thenCloneIsNotAuthorized() {
        Path target = temp.resolve("anonymous");

        assertThatThrownBy(() -> GitClient.cloneFrom(server.repoUrl("acme", "config"), target))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("Authentication is required");
    }

    @Test
    void givenCredentialsRequired_whenCloningWithAWrongPassword_thenCloneIsNotAuthorized() {
        Path target = temp.resolve("wrong");
        GitCredentials wrong = new GitCredentials("config-bumper", "guess");

        assertThatThrownBy(() -> GitClient.cloneFrom(server.repoUrl("acme", "config"), target, wrong))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("not authorized");
    }

    @Test
    void givenCredentials_whenCloningAndPushing_thenPushLandsAndThePusherIsTheAuthenticatedUser() throws Exception {
        List<PushNotification> pushes = new CopyOnWriteArrayList<>();
        server.onPush(pushes::add);
        try (GitClient client = GitClient.cloneFrom(server.repoUrl("acme", "config"), temp.resolve("c"), BUMPER)) {
            RevCommit change = client.commit("README.md", "# bumped\n", "bump");

            RemoteRefUpdate update = client.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            assertThat(server.headOf("acme", "config", "main")).isEqualTo(change.name());
            await().atMost(Duration.ofSeconds(10)).until(() -> pushes.size() == 1);
            assertThat(pushes.get(0).pusher()).isEqualTo(new GitIdentity("config-bumper", "dev@example.invalid"));
        }
    }
}
