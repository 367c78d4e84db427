package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.gitops.gitserver.GitHubAppServer;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync engine reads its config repository with the GitHub App's installation tokens when one is configured: a Git
 * server that accepts only the installation token, GitHub's token endpoint shape ({@link GitHubAppServer}).
 */
class ConfigRepositoryAccessIT {

    static final String TOKEN = "ghs_sync_engine_read_token";

    @TempDir
    Path dir;

    GitHubAppServer github;
    LocalGitServer server;
    String seeded;

    @BeforeEach
    void start() {
        github = GitHubAppServer.start("31337", 5, Map.of("contents", "write", "metadata", "read"),
                Clock.systemUTC());
        github.issue(TOKEN);
        server = LocalGitServer.start(GitServerOptions.of(dir.resolve("repos"))
                .withCredentials(new io.gitops.gitserver.GitCredentials(GitCredentials.TOKEN_USERNAME, TOKEN)));
        seeded = server.createRepository("acme", "gitops-config", "main", Map.of("README.md", "# config\n"));
    }

    @AfterEach
    void stop() {
        server.close();
        github.close();
    }

    SyncConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("gitops.sync.repo.url", server.repoUrl("acme", "gitops-config"));
        return new SmallRyeConfigBuilder().withMapping(SyncConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100)).build()
                .getConfigMapping(SyncConfig.class);
    }

    Map<String, String> app() throws Exception {
        Path key = Files.writeString(dir.resolve("private-key.pem"), github.privateKeyPem());
        return Map.of("gitops.sync.github.api-url", github.apiUrl().toString(),
                "gitops.sync.github.app-id", "31337", "gitops.sync.github.installation-id", "5",
                "gitops.sync.github.private-key-file", key.toString());
    }

    @Test
    void givenAGitHubApp_whenTheConfigRepositoryIsFetched_thenAReadOnlyTokenForItAloneIsUsed() throws Exception {
        GitRepositorySettings settings = SyncRuntime.configRepository(config(app()), true, Clock.systemUTC());

        try (GitClient client = GitClient.open(dir.resolve("clone"), settings)) {
            assertThat(client.head()).contains(ObjectId.fromString(seeded));
        }
        assertThat(github.requests()).singleElement().satisfies(request -> {
            assertThat(request.repositories()).containsExactly("gitops-config");
            assertThat(request.permissions()).isEqualTo(Map.of("contents", "read"));
        });
    }

    @Test
    void givenAGitHubAppAndAStoredToken_whenConfigured_thenStartupFailsAskingToRemoveOne() throws Exception {
        Map<String, String> both = new HashMap<>(app());
        both.put("gitops.sync.repo.token", "ghp_long_lived");

        assertThatThrownBy(() -> SyncRuntime.configRepository(config(both), true, Clock.systemUTC()))
                .hasMessageContaining("has credentials of its own").hasMessageNotContaining("ghp_long_lived");
    }

    @Test
    void givenNoGitHubApp_whenConfigured_thenTheRepositorysOwnCredentialsApply() {
        GitRepositorySettings settings = SyncRuntime.configRepository(
                config(Map.of("gitops.sync.repo.token", TOKEN)), true, Clock.systemUTC());

        assertThat(settings.credentials()).isInstanceOf(GitCredentials.Token.class);
        assertThat(github.requests()).isEmpty();
    }
}
