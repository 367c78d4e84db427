package io.gitops.bumper.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.gitops.bumper.TestKeys;
import io.gitops.bumper.git.FileTokenSource;
import io.gitops.bumper.git.GitAuth;
import io.gitops.bumper.github.GitHubAppTokens;
import io.gitops.bumper.github.GitHubPullRequests;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSetupTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static BumperConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("gitops.bumper.repo.url", "https://github.com/acme/gitops-config.git");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(BumperConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100)).build();
        return config.getConfigMapping(BumperConfig.class);
    }

    @Test
    void givenNoCredentials_whenConfigured_thenItIsAnonymousWithTheDocumentedDefaults() {
        BumperConfig config = config(Map.of());

        GitAuth auth = AuthSetup.gitAuth(config, HTTP, Clock.systemUTC());

        assertThat(auth).isInstanceOf(GitAuth.Anonymous.class);
        assertThat(AuthSetup.describe(auth)).isEqualTo("anonymous");
        assertThat(AuthSetup.pullRequests(config, auth, HTTP)).isNull();
        assertThat(config.coalesceWindow()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.repo().branch()).isEqualTo("main");
        assertThat(config.push().maxAttempts()).isEqualTo(10);
        assertThat(config.heal().lookback()).isEqualTo(Duration.ofDays(7));
        assertThat(config.github().apiUrl().toString()).isEqualTo("https://api.github.com");
    }

    @Test
    void givenAUserAndAPasswordFile_whenConfigured_thenItIsBasicAuthThatDoesNotPrintThePassword() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "s3cret\n");

        GitAuth auth = AuthSetup.gitAuth(config(Map.of("gitops.bumper.git.username", "bot",
                "gitops.bumper.git.password-file", secret.toString())), HTTP, Clock.systemUTC());

        assertThat(auth).isEqualTo(new GitAuth.Basic("bot", "s3cret"));
        assertThat(AuthSetup.describe(auth)).isEqualTo("HTTP basic as bot").doesNotContain("s3cret");
    }

    @Test
    void givenAUserWithoutAPassword_whenConfigured_thenStartupFailsClearly() {
        BumperConfig config = config(Map.of("gitops.bumper.git.username", "bot"));

        assertThatThrownBy(() -> AuthSetup.gitAuth(config, HTTP, Clock.systemUTC()))
                .hasMessageContaining("needs git.password or git.password-file");
    }

    @Test
    void givenATokenFileAndARepository_whenConfigured_thenTokensAuthenticateGitAndThePullRequestClient() {
        BumperConfig config = config(Map.of("gitops.bumper.git.token-file", dir.resolve("token").toString(),
                "gitops.bumper.github.repository", "acme/gitops-config"));

        GitAuth auth = AuthSetup.gitAuth(config, HTTP, Clock.systemUTC());

        assertThat(auth).isInstanceOfSatisfying(GitAuth.Token.class,
                t -> assertThat(t.tokens()).isInstanceOf(FileTokenSource.class));
        assertThat(AuthSetup.describe(auth)).isEqualTo("token file");
        assertThat(AuthSetup.pullRequests(config, auth, HTTP)).isInstanceOf(GitHubPullRequests.class);
    }

    @Test
    void givenAGitHubApp_whenConfigured_thenItsInstallationTokensAreUsed() throws Exception {
        Path key = dir.resolve("app.pem");
        Files.writeString(key, TestKeys.pkcs1Pem());

        GitAuth auth = AuthSetup.gitAuth(config(Map.of("gitops.bumper.github.app-id", "123",
                "gitops.bumper.github.installation-id", "4711", "gitops.bumper.github.private-key-file",
                key.toString())), HTTP, Clock.systemUTC());

        assertThat(auth).isInstanceOfSatisfying(GitAuth.Token.class,
                t -> assertThat(t.tokens()).isInstanceOf(GitHubAppTokens.class));
        assertThat(AuthSetup.describe(auth)).isEqualTo("GitHub App installation token");
    }

    @Test
    void givenAnIncompleteGitHubApp_whenConfigured_thenStartupFailsNamingWhatIsMissing() {
        BumperConfig config = config(Map.of("gitops.bumper.github.app-id", "123"));

        assertThatThrownBy(() -> AuthSetup.gitAuth(config, HTTP, Clock.systemUTC()))
                .hasMessageContaining("app-id, installation-id and private-key-file together");
    }
}
