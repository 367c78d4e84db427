package io.gitops.build.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.registry.PushTarget;
import io.gitops.kit.registry.RegistryCredentials;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builders' shared helpers: tool outcomes, the push auth file and the builder choice. */
class ImageToolsTest {

    @TempDir
    Path temp;

    @Test
    void givenEachWayAToolCanEnd_whenTurnedIntoAnOutcome_thenNetworkTroubleIsTransientAndTheRestPermanent() {
        Duration timeout = Duration.ofSeconds(7);

        Outcome<String> ok = Tools.outcome("push", new ProcessRunner.Exited(0, "done", Duration.ZERO), timeout);
        Outcome<String> refused = Tools.outcome("push", new ProcessRunner.Exited(1, "a\nb\ndial tcp: connection refused",
                Duration.ZERO), timeout);
        Outcome<String> denied = Tools.outcome("push", new ProcessRunner.Exited(1, "denied", Duration.ZERO), timeout);
        Outcome<String> hung = Tools.outcome("push", new ProcessRunner.TimedOut("..."), timeout);
        Outcome<String> stopped = Tools.outcome("push", new ProcessRunner.Interrupted("..."), timeout);
        Outcome<String> missing = Tools.outcome("push", new ProcessRunner.FailedToStart("no buildah"), timeout);

        assertThat(ok).isEqualTo(Outcome.success("done"));
        assertThat(refused).isInstanceOfSatisfying(Outcome.TransientFailure.class,
                t -> assertThat(t.reason()).contains("exit 1").contains("a | b | dial tcp"));
        assertThat(denied).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(hung).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).contains("7 s"));
        assertThat(stopped).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(missing).isEqualTo(Outcome.permanent("no buildah"));
        assertThat(Tools.<Integer>retype(refused)).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(Tools.<Integer>retype(denied)).isInstanceOf(Outcome.PermanentFailure.class);
        assertThatThrownBy(() -> Tools.retype(ok)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenPushCredentials_whenTheAuthFileIsWritten_thenOnlyTheOwnerReadsItAndCloseDeletesIt() throws Exception {
        PushTarget target = new PushTarget("registry.local:5000", "acme/shop", "abc",
                Optional.of(new RegistryCredentials("bot", "pw")), false, Optional.empty());

        Path written;
        try (AuthFile auth = AuthFile.write(temp.resolve("auth"), target)) {
            written = auth.path();
            assertThat(auth.directory()).isEqualTo(temp.resolve("auth"));
            assertThat(Files.readString(written)).contains("registry.local:5000").contains("Ym90OnB3")
                    .doesNotContain("\"pw\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        }

        assertThat(written).doesNotExist();
    }

    @Test
    void givenEachBuilderChoice_whenSelected_thenTheNamedBuilderOrJibWithoutToolsIsUsed() {
        ProcessRunner runner = new ProcessRunner(1024);
        Path work = temp.resolve("work");

        assertThat(ImageBuilders.select("jib", "buildah", "docker", work, runner)).isInstanceOf(JibBuilder.class);
        assertThat(ImageBuilders.select("buildah", "buildah", "docker", work, runner))
                .isInstanceOf(BuildahBuilder.class);
        assertThat(ImageBuilders.select("docker", "buildah", "docker", work, runner)).isInstanceOf(DockerBuilder.class);
        assertThat(ImageBuilders.select("auto", temp.resolve("no-buildah").toString(),
                temp.resolve("no-docker").toString(), work, runner)).isInstanceOf(JibBuilder.class);
        assertThatThrownBy(() -> ImageBuilders.select("kaniko", "buildah", "docker", work, runner))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kaniko");
    }
}
