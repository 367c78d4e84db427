package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSecretsTest {

    @TempDir
    Path dir;

    @Test
    void givenValuesAndAMountedFile_whenLoaded_thenAllAreAcceptedAndTheFileIsTrimmed() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "from,file\n");

        List<byte[]> secrets = WebhookSecrets.load(List.of("a", " "), List.of(file.toString()));

        assertThat(secrets).extracting(s -> new String(s, StandardCharsets.UTF_8)).containsExactly("a", "from,file");
    }

    @Test
    void givenNoSecretAnywhere_whenLoaded_thenStartupFailsWithWhatToSet() {
        assertThatThrownBy(() -> WebhookSecrets.load(List.of(), List.of()))
                .hasMessageContaining("GITOPS_INGEST_SECRETS");
    }

    @Test
    void givenAMissingFile_whenLoaded_thenItIsNamedWithoutItsContent() {
        assertThatThrownBy(() -> WebhookSecrets.load(List.of(), List.of(dir.resolve("absent").toString())))
                .hasMessageContaining("cannot read webhook secret file");
    }
}
