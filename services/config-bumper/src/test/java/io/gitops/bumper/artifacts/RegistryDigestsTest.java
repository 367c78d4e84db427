package io.gitops.bumper.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.OciManifests;
import io.gitops.testing.registry.OciLayouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the bumper asks for a digest: the OCI layouts for their hosts, the registry's API for the others. */
class RegistryDigestsTest {

    static final String TAG = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    @TempDir
    Path images;

    RegistryDigests registry(List<String> layoutHosts) {
        return new RegistryDigests(new OciManifests(List.of("127.0.0.1"), Duration.ofSeconds(2)), Optional.empty(),
                Optional.of(images), layoutHosts);
    }

    @Test
    void givenAnImageInTheLayout_whenItsDigestIsAsked_thenTheLayoutAnswersIt() throws IOException {
        String digest = OciLayouts.stage(images.resolve("acme/shop"), TAG, "{\"schemaVersion\":2}");

        Outcome<Optional<String>> answer = registry(List.of()).digest(ImageRepository.parse(
                "127.0.0.1:5000/acme/shop"), TAG);

        assertThat(answer).isEqualTo(Outcome.success(Optional.of(digest)));
    }

    @Test
    void givenATagTheLayoutDoesNotHold_whenItsDigestIsAsked_thenThereIsNone() throws IOException {
        OciLayouts.stage(images.resolve("acme/shop"), TAG, "{\"schemaVersion\":2}");

        Outcome<Optional<String>> answer = registry(List.of()).digest(ImageRepository.parse(
                "127.0.0.1:5000/acme/shop"), "0".repeat(40));

        assertThat(answer).isEqualTo(Outcome.success(Optional.empty()));
    }

    @Test
    void givenARepositoryPathLeavingTheLayoutDirectory_whenItsDigestIsAsked_thenItIsPermanentlyRefused() {
        Outcome<Optional<String>> answer = registry(List.of()).digest(ImageRepository.parse(
                "127.0.0.1:5000/acme/../../etc"), TAG);

        assertThat(answer).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void givenAHostThatIsNotALayoutHost_whenItsRegistryIsDown_thenTheAnswerIsTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Outcome<Optional<String>> answer = registry(List.of("127.0.0.1:5000")).digest(ImageRepository.parse(
                "127.0.0.1:" + port + "/acme/shop"), TAG);

        assertThat(answer).isInstanceOf(Outcome.TransientFailure.class);
    }
}
