package io.gitops.build.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.gitops.build.exec.local.OutputTail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configured secret is masked, however the output containing it arrives. */
class SecretMaskTest {

    @TempDir
    Path temp;

    final SecretMask mask = SecretMask.of(List.of("ghp_token123", "pw", "ghp_token123-longer", " "));

    @Test
    void givenTextWithSecrets_whenMasked_thenEachIsReplacedAndTheLongestMatchWins() {
        assertThat(mask.mask("a ghp_token123-longer b ghp_token123 c pw d"))
                .isEqualTo("a *** b *** c *** d");
        assertThat(mask.mask(null)).isNull();
        assertThat(SecretMask.none().mask("pw")).isEqualTo("pw");
    }

    @Test
    void givenASecretSplitAcrossEveryPossibleReadBoundary_whenStreamed_thenItIsStillMasked() {
        byte[] output = "line 1\nTOKEN=ghp_token123\nend\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= output.length; cut++) {
            SecretMask.Stream stream = mask.matcher().stream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(stream.write(output, 0, cut));
            out.writeBytes(stream.write(output, cut, output.length - cut));
            out.writeBytes(stream.flush());

            assertThat(out.toString(StandardCharsets.UTF_8)).as("cut at %d", cut)
                    .isEqualTo("line 1\nTOKEN=***\nend\n");
        }
    }

    @Test
    void givenASecretWrittenByteByByteIntoATail_whenTheTailIsRead_thenItShowsOnlyTheMask() {
        OutputTail tail = new OutputTail(1024, mask);
        byte[] output = "x ghp_token123".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < output.length; i++) {
            tail.write(output, i, 1);
        }

        assertThat(tail.text()).isEqualTo("x ***");
    }

    @Test
    void givenATailThatCutsThroughWhereASecretWas_whenRead_thenNoPartOfTheSecretIsLeft() {
        String text = "ghp_token123".repeat(50);

        assertThat(OutputTail.of(text, 20, mask)).doesNotContain("ghp", "123", "token").contains("***");
    }

    @Test
    void givenASecretFileThatIsRotated_whenANewMatcherIsTaken_thenTheNewValueIsMasked() throws Exception {
        Path file = temp.resolve("token");
        Files.writeString(file, "first-secret\n");
        SecretMask rotating = SecretMask.of(() -> {
            try {
                return List.of(Files.readString(file));
            } catch (java.io.IOException e) {
                return List.of();
            }
        });
        assertThat(rotating.mask("first-secret")).isEqualTo("***");

        Files.writeString(file, "second-secret");

        assertThat(rotating.mask("first-secret second-secret")).isEqualTo("first-secret ***");
    }
}
