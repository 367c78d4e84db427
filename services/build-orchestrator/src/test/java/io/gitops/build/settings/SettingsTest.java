package io.gitops.build.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void givenBuildArgumentsWithAndWithoutValues_whenRead_thenOnlyKeyValueEntriesAreKeptInOrder() {
        assertThat(ImageSettings.buildArgs(List.of("B=2", "A=x=y", "novalue", "=empty")))
                .containsExactly(java.util.Map.entry("B", "2"), java.util.Map.entry("A", "x=y"));
    }

    @Test
    void givenSecretsInTheSettings_whenPrinted_thenTheyAreMasked() {
        SonarSettings sonar = new SonarSettings(Optional.of("http://sonar"), Optional.of("squ_secret"), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
        RepositorySettings repos = new RepositorySettings(GitRepositorySettings.of("https://git.example/a/config.git",
                "main", Optional.empty(), GitCredentials.basic("bot", "hunter2"), Duration.ofSeconds(30)),
                Duration.ofMinutes(5), "https://git.example/{repo}.git", GitCredentials.token("ghp_secret"),
                Duration.ofSeconds(30));

        assertThat(sonar.toString()).doesNotContain("squ_secret").contains("****");
        assertThat(repos.toString()).doesNotContain("hunter2").doesNotContain("ghp_secret");
    }

    static io.gitops.build.BuildConfig.Redelivery redelivery(String appId, String keyFile) {
        return new io.gitops.build.BuildConfig.Redelivery() {
            public Optional<String> appId() {
                return Optional.ofNullable(appId);
            }

            public Optional<String> privateKeyFile() {
                return Optional.ofNullable(keyFile);
            }

            public String apiUrl() {
                return "https://api.github.com";
            }

            public Duration window() {
                return Duration.ofHours(1);
            }
        };
    }

    @Test
    void givenARedeliveryAppIdWithoutItsKey_whenRead_thenBothOrNeitherIsAskedFor() {
        assertThat(RedeliverySettings.from(redelivery(null, null))).isEmpty();
        assertThat(RedeliverySettings.from(redelivery("123", "/keys/app.pem"))).hasValueSatisfying(r -> {
            assertThat(r.appId()).isEqualTo("123");
            assertThat(r.apiUrl()).hasHost("api.github.com");
        });
        assertThatThrownBy(() -> RedeliverySettings.from(redelivery("123", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both app-id and private-key-file");
    }

    @Test
    void givenANegativeReconcileInterval_whenBuilt_thenItIsRefused() {
        assertThatThrownBy(() -> new BuildSettings(null, null, null, null, null, null, null, Duration.ZERO,
                Duration.ofSeconds(-1), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reconcile-interval");
    }
}
