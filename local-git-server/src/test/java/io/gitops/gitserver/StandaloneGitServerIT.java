package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneGitServerIT {

    @TempDir
    Path temp;

    @Test
    void givenARepositoryThatAlreadyExists_whenStartingWithTheSameSeed_thenItIsServedAsIsNotReseeded()
            throws Exception {
        Path base = temp.resolve("repos");
        Path seed = Files.createDirectories(temp.resolve("seed"));
        Files.writeString(seed.resolve("README.md"), "# seed\n");
        String existingHead;
        try (LocalGitServer first = LocalGitServer.start(GitServerOptions.of(base))) {
            existingHead = first.createRepository("acme", "config", "main", Map.of("README.md", "# pushed later\n"));
        }
        MainOptions options = MainOptions.parse(
                new String[] {"--base-dir", base.toString(), "--seed", "acme/config=" + seed}, Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (StandaloneGitServer running = StandaloneGitServer.start(options, new PrintStream(out, true,
                StandardCharsets.UTF_8))) {

            assertThat(running.server().headOf("acme", "config", "main")).isEqualTo(existingHead);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("GITSERVER REPO repo=acme/config url=")
                .contains(" existing")
                .contains("GITSERVER READY url=http://127.0.0.1:")
                .contains("GITSERVER STOPPED");
    }
}
