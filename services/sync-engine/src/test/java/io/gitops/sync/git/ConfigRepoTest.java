package io.gitops.sync.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine shows of its config repository (start-up log, fetch failures): never a secret. */
class ConfigRepoTest {

    @TempDir
    Path work;

    @Test
    void givenCredentials_whenPrinted_thenTheSecretIsHidden() {
        GitRepositorySettings settings = GitRepositorySettings.of("https://git.example.com/acme/config.git", "main",
                Optional.empty(), GitCredentials.token("s3cr3t"), Duration.ofSeconds(5));
        try (ConfigRepo repo = new ConfigRepo(settings, work)) {

            String printed = settings + " " + repo.url();

            assertThat(printed).doesNotContain("s3cr3t").contains(GitCredentials.TOKEN_USERNAME);
        }
    }
}
