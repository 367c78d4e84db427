package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryConfigTest {

    /** A service's mapping nesting the group, as {@code gitops.bumper.repo.*} would. */
    @ConfigMapping(prefix = "svc")
    public interface ServiceConfig {
        GitRepositoryConfig repo();
    }

    /** Quarkus converts "30s"; plain SmallRye only ISO-8601, so tests bring the same short form. */
    private static final Converter<Duration> SHORT_DURATION = value -> value.startsWith("P")
            ? Duration.parse(value) : Duration.parse("PT" + value.toUpperCase());

    @TempDir
    Path temp;

    private static GitRepositoryConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ServiceConfig.class)
                .withConverter(Duration.class, 200, SHORT_DURATION)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(ServiceConfig.class).repo();
    }

    @Test
    void givenOnlyTheUrl_whenTheGroupIsNested_thenBranchTimeoutAndCredentialsHaveTheirDefaults() {
        GitRepositoryConfig config = load(Map.of("svc.repo.url", "https://github.com/acme/gitops-config.git"));

        GitRepositorySettings settings = GitRepositorySettings.from(config);

        assertThat(settings).isEqualTo(new GitRepositorySettings("https://github.com/acme/gitops-config.git", "main",
                "acme/gitops-config", GitCredentials.none(), Duration.ofSeconds(30)));
    }

    @Test
    void givenKebabCaseKeys_whenTheGroupIsNested_thenEveryKeyIsRead() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token"), "file-token");
        GitRepositoryConfig config = load(Map.of("svc.repo.url", "http://127.0.0.1:1/git/acme/config.git",
                "svc.repo.branch", "live", "svc.repo.name", "acme/gitops-config", "svc.repo.token-file",
                tokenFile.toString(), "svc.repo.timeout", "5s"));

        GitRepositorySettings settings = GitRepositorySettings.from(config);

        assertThat(settings.branch()).isEqualTo("live");
        assertThat(settings.name()).isEqualTo("acme/gitops-config");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.credentials()).isEqualTo(GitCredentials.token(GitSecret.fromFile(tokenFile)));
    }

    @Test
    void givenUsernameAndPasswordFileKeys_whenLoaded_thenBasicCredentials() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("pw"), "pw");
        GitRepositoryConfig config = load(Map.of("svc.repo.url", "https://h/a/b.git", "svc.repo.username", "alice",
                "svc.repo.password-file", passwordFile.toString()));

        assertThat(GitCredentials.from(config)).isEqualTo(GitCredentials.basic("alice", GitSecret.fromFile(
                passwordFile)));
    }

    @Test
    void givenAFileUrlInConfiguration_whenBuildingSettings_thenRefusedUnlessTheFactoryAllowsIt() {
        GitRepositoryConfig config = load(Map.of("svc.repo.url", "file:///tmp/config.git", "svc.repo.password", "pw",
                "svc.repo.username", "alice"));

        assertThatThrownBy(() -> GitRepositorySettings.from(config)).isInstanceOf(IllegalArgumentException.class);
        assertThat(GitRepositorySettings.from(config, true).credentials())
                .isEqualTo(GitCredentials.basic("alice", "pw"));
    }
}
