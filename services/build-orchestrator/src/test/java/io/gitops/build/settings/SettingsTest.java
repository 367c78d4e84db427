package io.gitops.build.settings;

import static org.assertj.core.api.Assertions.assertThat;

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
}
