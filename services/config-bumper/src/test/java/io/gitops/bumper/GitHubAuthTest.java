package io.gitops.bumper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.kit.github.PemKeys;
import io.gitops.kit.github.RsaJwt;
import org.junit.jupiter.api.Test;

class GitHubAuthTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void givenAGitHubAppKeyAsPkcs1Pem_whenAJwtIsSigned_thenItVerifiesWithThePublicKeyAsRs256() throws Exception {
        PrivateKey key = PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem());

        String jwt = RsaJwt.sign(key, "123456", NOW, Duration.ofMinutes(30));

        JsonNode[] parts = TestKeys.verify(jwt, TestKeys.KEYS.getPublic());
        assertThat(parts[0].get("alg").asText()).isEqualTo("RS256");
        assertThat(parts[0].get("typ").asText()).isEqualTo("JWT");
        assertThat(parts[1].get("iss").asText()).isEqualTo("123456");
        assertThat(parts[1].get("iat").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
        assertThat(parts[1].get("exp").asLong()).as("capped at GitHub's 10 minutes")
                .isEqualTo(NOW.getEpochSecond() + 600);
    }

    @Test
    void givenTheSameKeyAsPkcs8Pem_whenRead_thenItIsTheSameKey() {
        PrivateKey pkcs8 = PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem());

        assertThat(pkcs8.getEncoded()).isEqualTo(PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()).getEncoded());
    }

    @Test
    void givenSomethingThatIsNotAKey_whenRead_thenTheErrorDoesNotQuoteIt() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("ssh-rsa AAAA"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM RSA private key");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("-----BEGIN RSA PRIVATE KEY-----\n!!\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");
    }

    @Test
    void givenAnIssuerThatCouldInjectClaims_whenSigned_thenItIsRefused() {
        PrivateKey key = PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem());

        assertThatThrownBy(() -> RsaJwt.sign(key, "1\",\"admin\":\"true", NOW, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
