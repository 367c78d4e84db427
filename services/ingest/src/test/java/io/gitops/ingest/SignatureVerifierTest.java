package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final byte[] GITHUB_BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static SignatureVerifier verifier(String... secrets) {
        return new SignatureVerifier(java.util.Arrays.stream(secrets).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void givenGitHubsDocumentedTestVector_whenVerified_thenItIsValid() {
        boolean valid = verifier(GITHUB_SECRET).verify(GITHUB_BODY, GITHUB_SIGNATURE);

        assertThat(valid).isTrue();
        assertThat(SignatureVerifier.sign(GITHUB_SECRET, GITHUB_BODY)).isEqualTo(GITHUB_SIGNATURE);
    }

    @Test
    void givenTwoSecretsDuringRotation_whenSignedWithEither_thenBothVerify() {
        SignatureVerifier verifier = verifier("old-secret", GITHUB_SECRET);

        boolean old = verifier.verify(GITHUB_BODY, SignatureVerifier.sign("old-secret", GITHUB_BODY));
        boolean current = verifier.verify(GITHUB_BODY, GITHUB_SIGNATURE);

        assertThat(old).isTrue();
        assertThat(current).isTrue();
    }

    @Test
    void givenAnUpperCaseHexSignature_whenVerified_thenItIsValid() {
        boolean valid = verifier(GITHUB_SECRET).verify(GITHUB_BODY, "sha256=" + GITHUB_SIGNATURE.substring(7).toUpperCase());

        assertThat(valid).isTrue();
    }

    @Test
    void givenATamperedBodyOrWrongOrMalformedSignature_whenVerified_thenItIsInvalid() {
        SignatureVerifier verifier = verifier(GITHUB_SECRET);

        assertThat(verifier.verify("Hello, World?".getBytes(StandardCharsets.UTF_8), GITHUB_SIGNATURE)).isFalse();
        assertThat(verifier.verify(GITHUB_BODY, SignatureVerifier.sign("other", GITHUB_BODY))).isFalse();
        assertThat(verifier.verify(GITHUB_BODY, null)).isFalse();
        assertThat(verifier.verify(GITHUB_BODY, "sha1=" + GITHUB_SIGNATURE.substring(7))).isFalse();
        assertThat(verifier.verify(GITHUB_BODY, "sha256=abc")).isFalse();
        assertThat(verifier.verify(GITHUB_BODY, "sha256=" + "zz".repeat(32))).isFalse();
    }

    @Test
    void givenNoSecret_whenBuilt_thenItIsRefused() {
        assertThatThrownBy(() -> new SignatureVerifier(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
