package io.gitops.kit.git.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.gitops.gitserver.GitHubAppServer;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's Git access through its GitHub App, against GitHub's token endpoint shape ({@link GitHubAppServer}) and
 * a Git server that accepts only the installation token: scoped exchanges, refresh before expiry, refusals.
 */
class GitHubAppIT {

    static final String APP_ID = "4242";
    static final long INSTALLATION = 77;
    static final String TOKEN = "ghs_installation_token_1";

    @TempDir
    Path temp;

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    GitHubAppServer github;
    GitHubApp app;

    @BeforeEach
    void start() {
        github = GitHubAppServer.start(APP_ID, INSTALLATION, Map.of("contents", "read", "metadata", "read"), clock);
        app = new GitHubApp(HttpClient.newHttpClient(), github.apiUrl(), APP_ID, INSTALLATION,
                PemKeys.rsaPrivateKey(github.privateKeyPem()), clock, Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void givenAGitServerThatAcceptsOnlyTheInstallationToken_whenAServiceClonesWithItsAppsReadScope_thenItClones()
            throws Exception {
        github.issue(TOKEN);
        try (LocalGitServer server = LocalGitServer.start(GitServerOptions.of(temp.resolve("repos"))
                .withCredentials(new io.gitops.gitserver.GitCredentials(GitCredentials.TOKEN_USERNAME, TOKEN)))) {
            String seeded = server.createRepository("acme", "gitops-config", "main", Map.of("README.md", "# c\n"));
            GitRepositorySettings settings = GitRepositorySettings.of(server.repoUrl("acme", "gitops-config"), "main",
                    Optional.empty(), app.credentials(TokenScope.read("acme/gitops-config")), Duration.ofSeconds(10));

            try (GitClient client = GitClient.open(temp.resolve("clone"), settings)) {
                assertThat(client.head()).contains(ObjectId.fromString(seeded));
            }
        }

        assertThat(github.requests()).singleElement().satisfies(request -> {
            assertThat(request.repositories()).containsExactly("gitops-config");
            assertThat(request.permissions()).containsExactlyEntriesOf(Map.of("contents", "read"));
        });
    }

    @Test
    void givenACachedToken_whenAskedAgainBeforeItNearsExpiry_thenNoNewTokenIsFetched() {
        GitHubAppTokens tokens = app.tokens(TokenScope.read("shop"));
        String first = tokens.token();
        now.set(now.get().plus(Duration.ofMinutes(54)));

        String again = app.tokens(TokenScope.read("shop")).token();

        assertThat(again).isEqualTo(first);
        assertThat(github.requests()).hasSize(1);
    }

    @Test
    void givenATokenWithinTheRefreshMargin_whenAskedAgain_thenAFreshOneIsFetchedBeforeTheOldExpires() {
        GitHubAppTokens tokens = app.tokens(TokenScope.read("shop"));
        String first = tokens.token();
        now.set(now.get().plus(Duration.ofMinutes(56)));

        String fresh = tokens.token();

        assertThat(fresh).isNotEqualTo(first);
        assertThat(github.requests()).hasSize(2);
        assertThat(github.requests().get(1).expiresAt()).isAfter(github.requests().get(0).expiresAt());
    }

    @Test
    void givenTwoScopes_whenTokensAreAskedForEach_thenEachExchangeAsksOnlyForItsOwnRepository() {
        app.tokens(TokenScope.read("acme/shop")).token();
        app.tokens(TokenScope.read("acme/billing")).token();

        assertThat(github.requests()).extracting(GitHubAppServer.TokenRequest::repositories)
                .containsExactly(List.of("shop"), List.of("billing"));
    }

    @Test
    void givenAnAppWithoutWriteAccess_whenAWriteTokenIsAsked_thenItFailsPermanentlyWithoutAToken() {
        GitHubAppTokens tokens = app.tokens(TokenScope.write("acme/gitops-config"));

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.getMessage()).contains("[gitops-config]").contains("not granted");
        });
    }

    @Test
    void givenAJwtOfAnotherApp_whenATokenIsAsked_thenGitHubRefusesItPermanentlyAndTheJwtIsNotInTheMessage() {
        GitHubApp other = new GitHubApp(HttpClient.newHttpClient(), github.apiUrl(), "9999", INSTALLATION,
                PemKeys.rsaPrivateKey(github.privateKeyPem()), clock, Duration.ofMinutes(5), Duration.ofSeconds(10));

        assertThatThrownBy(() -> other.tokens(TokenScope.read("shop")).token())
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("eyJ");
                });
    }

    @Test
    void givenARepositoryWithATokenOfItsOwn_whenTheAppIsAppliedToIt_thenItIsRefusedNamingTheRepository() {
        GitRepositorySettings stored = GitRepositorySettings.of("https://github.com/acme/shop.git", "main",
                Optional.empty(), GitCredentials.token("ghp_long_lived"), Duration.ofSeconds(10));

        assertThatThrownBy(() -> app.access(stored, TokenScope.read(stored.name())))
                .hasMessageContaining("acme/shop has credentials of its own (token as x-access-token)")
                .hasMessageNotContaining("ghp_long_lived");
    }

    @Test
    void givenAnAnonymousRepository_whenTheAppIsAppliedToIt_thenItsInstallationTokensAreTheCredentials() {
        GitRepositorySettings anonymous = GitRepositorySettings.of("https://github.com/acme/shop.git", "main",
                Optional.empty(), GitCredentials.none(), Duration.ofSeconds(10));

        GitRepositorySettings withApp = app.access(anonymous, TokenScope.read(anonymous.name()));

        assertThat(withApp.credentials().secret().orElseThrow().reveal()).startsWith("ghs_");
        assertThat(github.requests()).singleElement()
                .satisfies(r -> assertThat(r.repositories()).containsExactly("shop"));
        assertThat(withApp.url()).isEqualTo(anonymous.url());
    }

    @Test
    void givenNoAppKeys_whenConfigured_thenThereIsNoApp() {
        assertThat(GitHubApp.from(config(Optional.empty(), Optional.empty(), Optional.empty()), "gitops.sync.github",
                HttpClient.newHttpClient(), clock)).isEmpty();
    }

    @Test
    void givenOnlySomeAppKeys_whenConfigured_thenItFailsNamingAllThree() {
        assertThatThrownBy(() -> GitHubApp.from(config(Optional.of(APP_ID), Optional.empty(), Optional.empty()),
                "gitops.sync.github", HttpClient.newHttpClient(), clock))
                .hasMessageContaining("gitops.sync.github.app-id, installation-id and private-key-file together");
    }

    @Test
    void givenAllAppKeys_whenConfigured_thenTheAppReadsItsKeyFromTheFileAndDescribesItselfWithoutIt()
            throws Exception {
        Path key = Files.writeString(temp.resolve("private-key.pem"), github.privateKeyPem());

        GitHubApp configured = GitHubApp.from(config(Optional.of(APP_ID), Optional.of(INSTALLATION), Optional.of(key)),
                "gitops.sync.github", HttpClient.newHttpClient(), clock).orElseThrow();

        assertThat(configured.tokens(TokenScope.read("shop")).token()).startsWith("ghs_");
        assertThat(configured.toString()).isEqualTo("GitHub App 4242 (installation 77)");
    }

    GitHubAppConfig config(Optional<String> appId, Optional<Long> installation, Optional<Path> key) {
        return new GitHubAppConfig() {
            @Override
            public java.net.URI apiUrl() {
                return github.apiUrl();
            }

            @Override
            public Optional<String> appId() {
                return appId;
            }

            @Override
            public Optional<Long> installationId() {
                return installation;
            }

            @Override
            public Optional<Path> privateKeyFile() {
                return key;
            }

            @Override
            public Duration tokenRefreshBefore() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
