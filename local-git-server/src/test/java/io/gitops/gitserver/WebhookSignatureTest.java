package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void givenGitHubsDocumentedSecretAndBody_whenSigning_thenTheDocumentedSignatureComesOut() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

        String signature = WebhookSignature.sign("It's a Secret to Everybody", body);

        assertThat(signature)
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void givenTheSameBody_whenSigningWithAnotherSecret_thenTheSignatureDiffers() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

        String signature = WebhookSignature.sign("another secret", body);

        assertThat(signature).startsWith("sha256=")
                .isNotEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }
}
