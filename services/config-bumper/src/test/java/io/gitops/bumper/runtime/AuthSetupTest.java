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

import io.gitops.bumper.github.GitHubPullRequests;
import io.gitops.gitserver.GitHubAppServer;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitSecret;
import io.gitops.kit.git.TokenSource;
import io.gitops.kit.git.github.GitHubAppTokens;
import io.gitops.kit.git.github.TokenScope;
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

    static BumperAuth auth(Map<String, String> properties) {
        return AuthSetup.auth(config(properties), HTTP, Clock.systemUTC());
    }

    @Test
    void givenNoCredentials_whenConfigured_thenItIsAnonymousWithTheDocumentedDefaults() {
        BumperConfig config = config(Map.of());

        BumperAuth auth = AuthSetup.auth(config, HTTP, Clock.systemUTC());

        assertThat(auth.git()).isInstanceOf(GitCredentials.None.class);
        assertThat(auth.description()).isEqualTo("anonymous");
        assertThat(AuthSetup.pullRequests(config, auth, HTTP)).isNull();
        assertThat(config.coalesceWindow()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.repo().branch()).isEqualTo("main");
        assertThat(config.push().maxAttempts()).isEqualTo(10);
        assertThat(config.heal().lookback()).isEqualTo(Duration.ofDays(7));
        assertThat(config.github().apiUrl().toString()).isEqualTo("https://api.github.com");
        assertThat(config.repo().timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givenAUserAndAPasswordFile_whenConfigured_thenItIsBasicAuthThatDoesNotPrintThePassword() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "s3cret\n");

        BumperAuth auth = auth(Map.of("gitops.bumper.repo.username", "bot",
                "gitops.bumper.repo.password-file", secret.toString()));

        assertThat(auth.git()).isInstanceOfSatisfying(GitCredentials.Basic.class, basic -> {
            assertThat(basic.user()).isEqualTo("bot");
            assertThat(basic.password().reveal()).isEqualTo("s3cret");
        });
        assertThat(auth.git().toString()).doesNotContain("s3cret");
        assertThat(auth.description()).isEqualTo("HTTP basic as bot").doesNotContain("s3cret");
        assertThat(auth.apiToken()).isEmpty();
    }

    @Test
    void givenAUserWithoutAPassword_whenConfigured_thenStartupFailsClearly() {
        BumperConfig config = config(Map.of("gitops.bumper.repo.username", "bot"));

        // The kit's one rule for repository credentials words it now.
        assertThatThrownBy(() -> AuthSetup.auth(config, HTTP, Clock.systemUTC()))
                .hasMessageContaining("gitops.bumper.repo")
                .hasMessageContaining("needs a password, password-file, token or token-file");
    }

    @Test
    void givenATokenFileAndARepository_whenConfigured_thenTokensAuthenticateGitAndThePullRequestClient() {
        BumperConfig config = config(Map.of("gitops.bumper.repo.token-file", dir.resolve("token").toString(),
                "gitops.bumper.github.repository", "acme/gitops-config"));

        BumperAuth auth = AuthSetup.auth(config, HTTP, Clock.systemUTC());

        assertThat(auth.git()).isInstanceOfSatisfying(GitCredentials.Token.class,
                t -> assertThat(t.token()).isInstanceOf(GitSecret.FromFile.class));
        assertThat(auth.description()).isEqualTo("token file");
        assertThat(AuthSetup.pullRequests(config, auth, HTTP)).isInstanceOf(GitHubPullRequests.class);
    }

    @Test
    void givenAGitHubApp_whenConfigured_thenItsInstallationTokensAreUsed() throws Exception {
        Path key = dir.resolve("app.pem");
        try (GitHubAppServer app = GitHubAppServer.start("123", 4711, Map.of(), Clock.systemUTC())) {
            Files.writeString(key, app.privateKeyPem());
        }

        BumperAuth auth = auth(Map.of("gitops.bumper.github.app-id", "123",
                "gitops.bumper.github.installation-id", "4711", "gitops.bumper.github.private-key-file",
                key.toString()));

        assertThat(auth.git()).isInstanceOfSatisfying(GitCredentials.Token.class, t -> assertThat(t.token())
                .isEqualTo(GitSecret.from(auth.apiToken().orElseThrow())));
        assertThat(auth.apiToken()).containsInstanceOf(GitHubAppTokens.class);
        assertThat(((GitHubAppTokens) auth.apiToken().get()).scope())
                .as("write on the config repository alone (the URL's name; no repository configured)")
                .isEqualTo(TokenScope.write("gitops-config"));
        assertThat(auth.description()).isEqualTo("GitHub App installation token");
    }

    @Test
    void givenAnIncompleteGitHubApp_whenConfigured_thenStartupFailsNamingWhatIsMissing() {
        BumperConfig config = config(Map.of("gitops.bumper.github.app-id", "123"));

        assertThatThrownBy(() -> AuthSetup.auth(config, HTTP, Clock.systemUTC()))
                .hasMessageContaining("app-id, installation-id and private-key-file together");
    }

    @Test
    void givenATokenFile_whenItIsRotated_thenTheNextReadSeesTheNewToken() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "ghp_first\n");
        TokenSource tokens = apiTokens(file);
        tokens.token();
        Files.writeString(file, "ghp_second\n");

        String token = tokens.token();

        assertThat(token).isEqualTo("ghp_second");
    }

    @Test
    void givenAnEmptyOrMissingTokenFile_whenRead_thenTheErrorNamesTheFileOnly() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "  \n");

        assertThatThrownBy(() -> apiTokens(empty).token()).hasMessageContaining("is empty");
        assertThatThrownBy(() -> apiTokens(dir.resolve("missing")).token())
                .hasMessageContaining("cannot read the secret file");
    }

    @Test
    void givenTokenCredentials_whenTheRemoteAsks_thenTheyAnswerAsXAccessTokenWithTheCurrentToken() {
        GitCredentials auth = GitCredentials.token(() -> "ghs_current");

        String password = auth.secret().orElseThrow().reveal();

        assertThat(password).isEqualTo("ghs_current");
        assertThat(auth.username()).contains("x-access-token");
        assertThat(auth.describe()).doesNotContain("ghs_current");
    }

    @Test
    void givenBasicAuth_whenPrinted_thenThePasswordIsHidden() {
        GitCredentials auth = GitCredentials.basic("bot", "hunter2");

        String printed = auth.toString();

        assertThat(printed).contains("bot").doesNotContain("hunter2");
        assertThat(auth.describe()).isEqualTo("basic as bot");
        assertThat(GitCredentials.none().secret()).isEmpty();
    }

    /** The GitHub API's bearer tokens as the bumper builds them from {@code repo.token-file}. */
    private static TokenSource apiTokens(Path file) {
        BumperAuth auth = auth(Map.of("gitops.bumper.repo.token-file", file.toString()));
        return auth.apiToken().orElseThrow();
    }
}
