package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitClientAuthIT {

    private static final String USER = "config-bumper";
    private static final String PASSWORD = "s3cr3t-token";

    @TempDir
    Path temp;

    private LocalGitServer server;
    private String seeded;

    @BeforeEach
    void startServer() {
        server = LocalGitServer.start(GitServerOptions.of(temp.resolve("repos"))
                .withCredentials(new io.gitops.gitserver.GitCredentials(USER, PASSWORD)));
        seeded = server.createRepository("acme", "config", "main", Map.of("README.md", "# config\n"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitRepositorySettings settings(GitCredentials credentials) {
        return GitRepositorySettings.of(server.repoUrl("acme", "config"), "main", Optional.empty(), credentials,
                Duration.ofSeconds(10));
    }

    @Test
    void givenAuthRequired_whenOpeningWithThePasswordFromAFile_thenClonedAndPushesWork() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("password"), PASSWORD + "\n");
        GitCredentials credentials = GitCredentials.basic(USER, GitSecret.fromFile(passwordFile));

        try (GitClient client = GitClient.open(temp.resolve("clone"), settings(credentials))) {
            ObjectId head = client.head().orElseThrow();
            PersonIdent bot = new PersonIdent("bot", "bot@gitops.invalid");
            ObjectId commit = client.commit(head, Map.of("x.txt", "x"), Set.of(), "x", bot, bot);

            assertThat(head).isEqualTo(ObjectId.fromString(seeded));
            assertThat(client.push(commit, head)).isEqualTo(new PushResult.Pushed(commit));
            assertThat(GitClient.answers(client.settings(), Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void givenAuthRequired_whenTheTokenSourceIsRefusedOnce_thenItIsInvalidatedAndAskedAgain() {
        AtomicInteger invalidated = new AtomicInteger();
        List<String> issued = new ArrayList<>();
        TokenSource tokens = new TokenSource() {
            @Override
            public String token() {
                String token = invalidated.get() == 0 ? "expired" : PASSWORD;
                issued.add(token);
                return token;
            }

            @Override
            public void invalidate() {
                invalidated.incrementAndGet();
            }
        };
        GitCredentials credentials = new GitCredentials.Token(USER, GitSecret.from(tokens));

        Throwable first = null;
        try (GitClient client = GitClient.open(temp.resolve("clone"), settings(credentials))) {
            assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
        } catch (GitException e) {
            first = e;
        }
        if (first != null) {
            try (GitClient client = GitClient.open(temp.resolve("clone"), settings(credentials))) {
                assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
            }
        }

        assertThat(invalidated.get()).isPositive();
        assertThat(issued).startsWith("expired").contains(PASSWORD);
    }

    @Test
    void givenAuthRequired_whenTheWrongPasswordIsSent_thenAPermanentFailureWithoutTheSecretAndTheRightOneWorksLater() {
        assertThatThrownBy(() -> GitClient.open(temp.resolve("clone"),
                settings(GitCredentials.basic(USER, "wrong-password"))))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.kind())
                        .isEqualTo(GitException.Kind.PERMANENT))
                .hasMessageContaining("not authorized").message().doesNotContain("wrong-password");

        try (GitClient client = GitClient.open(temp.resolve("clone"), settings(GitCredentials.basic(USER,
                PASSWORD)))) {
            assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
        }
    }

    @Test
    void givenAuthRequired_whenNoCredentialsAreSent_thenAPermanentFailure() {
        assertThatThrownBy(() -> GitClient.open(temp.resolve("clone"), settings(GitCredentials.none())))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse());
        assertThat(GitClient.answers(settings(GitCredentials.none()), Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void givenAuthRequired_whenTheTokenFileIsMissing_thenAPermanentFailureSayingTheCredentialsCouldNotBeRead() {
        Path missing = temp.resolve("no-such-token");

        assertThatThrownBy(() -> GitClient.open(temp.resolve("clone"),
                settings(GitCredentials.token(GitSecret.fromFile(missing)))))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("credentials could not be read").hasMessageContaining(missing.toString());
    }

    @Test
    void givenARemoteThatAcceptsButNeverAnswers_whenOpening_thenATransientFailureWithinTheTimeout()
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    held.forEach(GitClientAuthIT::closeQuietly);
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            GitRepositorySettings settings = GitRepositorySettings.of("http://127.0.0.1:" + silent.getLocalPort()
                    + "/git/acme/config.git", "main", Optional.empty(), GitCredentials.none(), Duration.ofSeconds(1));
            long started = System.nanoTime();

            assertThatThrownBy(() -> GitClient.open(temp.resolve("clone"), settings))
                    .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over
        }
    }
}
