package io.gitops.bumper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.bumper.git.FileTokenSource;
import io.gitops.bumper.git.GitAuth;
import io.gitops.bumper.github.PemKeys;
import io.gitops.bumper.github.RsaJwt;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubAuthTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

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

    @Test
    void givenATokenFile_whenItIsRotated_thenTheNextReadSeesTheNewToken() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "ghp_first\n");
        FileTokenSource tokens = new FileTokenSource(file);
        tokens.token();
        Files.writeString(file, "ghp_second\n");

        String token = tokens.token();

        assertThat(token).isEqualTo("ghp_second");
    }

    @Test
    void givenAnEmptyOrMissingTokenFile_whenRead_thenTheErrorNamesTheFileOnly() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "  \n");

        assertThatThrownBy(() -> new FileTokenSource(empty).token()).hasMessageContaining("is empty");
        assertThatThrownBy(() -> new FileTokenSource(dir.resolve("missing")).token())
                .hasMessageContaining("cannot read the token file");
    }

    @Test
    void givenATokenAuth_whenJGitAsksForCredentials_thenItAnswersAsXAccessTokenWithTheCurrentToken()
            throws Exception {
        GitAuth auth = new GitAuth.Token(() -> "ghs_current");
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();

        boolean answered = auth.credentials().get(new URIish("https://github.com/acme/config.git"), user, password);

        assertThat(answered).isTrue();
        assertThat(user.getValue()).isEqualTo("x-access-token");
        assertThat(new String(password.getValue())).isEqualTo("ghs_current");
        assertThat(auth.credentials().isInteractive()).isFalse();
        assertThat(auth.credentials().supports(user, password)).isTrue();
        assertThat(auth.credentials().supports(new CredentialItem.YesNoType("trust?"))).isFalse();
        assertThat(auth.apiToken()).isPresent();
    }

    @Test
    void givenBasicAuth_whenPrinted_thenThePasswordIsHidden() {
        GitAuth auth = new GitAuth.Basic("bot", "hunter2");

        String printed = auth.toString();

        assertThat(printed).isEqualTo("Basic[username=bot, password=***]");
        assertThat(auth.apiToken()).isEmpty();
        assertThat(new GitAuth.Anonymous().credentials()).isNull();
    }
}
