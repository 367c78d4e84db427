package io.gitops.kit.git.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The App JWT and its key reading, as the config-bumper and the build-orchestrator use them. */
class GitHubAppJwtTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    static String pkcs8Pem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void givenAPkcs8Key_whenAJwtIsSigned_thenItIsRs256IssuedByTheAppBackdatedAndCappedAtTenMinutes() throws Exception {
        PrivateKey key = PemKeys.rsaPrivateKey(pkcs8Pem());

        String jwt = RsaJwt.sign(key, "123456", NOW, Duration.ofHours(1));

        String[] parts = jwt.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"RS256\"");
        assertThat(payload).contains("\"iss\":\"123456\"")
                .contains("\"iat\":" + NOW.minusSeconds(60).getEpochSecond())
                .contains("\"exp\":" + NOW.plus(RsaJwt.MAX_TTL).getEpochSecond());
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(keys.getPublic());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void givenAPkcs1Key_whenRead_thenItIsWrappedIntoTheSameKey() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        // PKCS#8 = SEQUENCE { INTEGER 0, AlgorithmIdentifier (15 bytes), OCTET STRING { PKCS#1 } }: unwrap it.
        int offset = 4 + 3 + 15;
        int length = pkcs8[offset + 1] == (byte) 0x82 ? ((pkcs8[offset + 2] & 0xff) << 8) | (pkcs8[offset + 3] & 0xff)
                : pkcs8[offset + 2] & 0xff;
        int start = offset + (pkcs8[offset + 1] == (byte) 0x82 ? 4 : 3);
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, start, start + length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----";

        PrivateKey key = PemKeys.rsaPrivateKey(pem);

        assertThat(key.getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void givenSomethingElse_whenReadOrSignedWith_thenTheReasonIsGivenWithoutQuotingTheKey() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("ssh-rsa AAAA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PEM RSA private key");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("-----BEGIN PRIVATE KEY-----\n%%%\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable RSA key")
                .message().doesNotContain("c2VjcmV0");
        assertThatThrownBy(() -> RsaJwt.sign(keys.getPrivate(), "12\"3", NOW, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
