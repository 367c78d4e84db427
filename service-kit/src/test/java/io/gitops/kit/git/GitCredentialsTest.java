package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {

    private static final Optional<String> NONE = Optional.empty();
    private static final Optional<Path> NO_FILE = Optional.empty();

    @TempDir
    Path temp;

    @Test
    void givenATokenFile_whenItIsRotatedBetweenUses_thenEachUseSendsTheCurrentToken() throws Exception {
        Path file = Files.writeString(temp.resolve("token"), "first-token\n");
        GitCredentials credentials = GitCredentials.of(NONE, NONE, NO_FILE, NONE, Optional.of(file));

        String first = credentials.secret().orElseThrow().reveal();
        Files.writeString(file, "  second-token  ");
        String second = credentials.secret().orElseThrow().reveal();

        assertThat(credentials).isInstanceOf(GitCredentials.Token.class);
        assertThat(credentials.username()).hasValue(GitCredentials.TOKEN_USERNAME);
        assertThat(first).isEqualTo("first-token");
        assertThat(second).isEqualTo("second-token");
    }

    @Test
    void givenAPasswordFileAndAUsername_whenBuilt_thenBasicReadingTheFile() throws Exception {
        Path file = Files.writeString(temp.resolve("password"), "s3cret\n");

        GitCredentials credentials = GitCredentials.of(Optional.of("alice"), NONE, Optional.of(file), NONE, NO_FILE);

        assertThat(credentials).isInstanceOf(GitCredentials.Basic.class);
        assertThat(credentials.username()).hasValue("alice");
        assertThat(credentials.secret().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(credentials.describe()).isEqualTo("basic as alice");
    }

    @Test
    void givenAnInlineTokenAndAUsername_whenBuilt_thenTheTokenIsSentAsThatUser() {
        GitCredentials credentials = GitCredentials.of(Optional.of("oauth2"), NONE, NO_FILE, Optional.of("tok"),
                NO_FILE);

        assertThat(credentials).isEqualTo(new GitCredentials.Token("oauth2", GitSecret.inline("tok")));
        assertThat(credentials.describe()).isEqualTo("token as oauth2");
    }

    @Test
    void givenNothingOrOnlyBlankValues_whenBuilt_thenNone() {
        GitCredentials credentials = GitCredentials.of(Optional.of(" "), Optional.of(""), NO_FILE, Optional.of(" "),
                NO_FILE);

        assertThat(credentials).isEqualTo(GitCredentials.none());
        assertThat(credentials.username()).isEmpty();
        assertThat(credentials.secret()).isEmpty();
        assertThat(credentials.describe()).isEqualTo("none");
    }

    @Test
    void givenTwoSecrets_whenBuilt_thenRefusedNamingTheKeys() {
        assertThatThrownBy(() -> GitCredentials.of(Optional.of("alice"), Optional.of("pw"), NO_FILE,
                Optional.of("tok"), NO_FILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password, password-file, token and token-file");
    }

    @Test
    void givenAPasswordWithoutUsername_whenBuilt_thenRefused() {
        assertThatThrownBy(() -> GitCredentials.of(NONE, Optional.of("pw"), NO_FILE, NONE, NO_FILE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a username");
    }

    @Test
    void givenAUsernameAlone_whenBuilt_thenRefused() {
        assertThatThrownBy(() -> GitCredentials.of(Optional.of("alice"), NONE, NO_FILE, NONE, NO_FILE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a password");
    }

    @Test
    void givenAUsernameWithAColonOrABlankSecret_whenBuilt_thenRefused() {
        assertThatThrownBy(() -> GitCredentials.basic("al:ice", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GitCredentials.token(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenEveryKindOfCredentials_whenPrinted_thenNoSecretIsShown() {
        TokenSource source = () -> "source-secret";
        String printed = String.join(" ", GitCredentials.basic("alice", "basic-secret").toString(),
                GitCredentials.token("token-secret").toString(), GitCredentials.token(source).toString(),
                GitSecret.inline("inline-secret").toString(),
                GitRepositorySettings.of("https://example.invalid/a/b.git", "main", Optional.empty(),
                        GitCredentials.basic("alice", "settings-secret"), GitRepositorySettings.DEFAULT_TIMEOUT)
                        .toString());

        assertThat(printed).contains("alice", "x-access-token", "***").doesNotContain("secret\"")
                .doesNotContain("basic-secret", "token-secret", "source-secret", "inline-secret", "settings-secret");
    }

    @Test
    void givenAMissingOrEmptySecretFile_whenRevealed_thenTheErrorNamesTheFile() throws Exception {
        Path missing = temp.resolve("missing");
        Path empty = Files.writeString(temp.resolve("empty"), " \n");

        assertThatThrownBy(() -> GitSecret.fromFile(missing).reveal()).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> GitSecret.fromFile(empty).reveal()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void givenATokenSource_whenUsedAndInvalidated_thenTheCurrentTokenIsAskedForAndTheSourceIsTold() {
        AtomicInteger invalidated = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        TokenSource source = new TokenSource() {
            @Override
            public String token() {
                return "installation-" + issued.incrementAndGet();
            }

            @Override
            public void invalidate() {
                invalidated.incrementAndGet();
            }
        };
        GitSecret secret = GitCredentials.token(source).secret().orElseThrow();

        String first = secret.reveal();
        secret.invalidate();
        String second = secret.reveal();

        assertThat(first).isEqualTo("installation-1");
        assertThat(second).isEqualTo("installation-2");
        assertThat(invalidated).hasValue(1);
    }

    @Test
    void givenATokenSourceGivingNothing_whenRevealed_thenRefused() {
        assertThatThrownBy(() -> GitSecret.from(() -> " ").reveal()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gave no token");
    }

    @Test
    void givenTokenCredentials_whenJGitAsks_thenItGetsTheUserAndTheCurrentTokenAndResetInvalidates() throws Exception {
        AtomicInteger invalidated = new AtomicInteger();
        TokenSource source = new TokenSource() {
            @Override
            public String token() {
                return "t0ken";
            }

            @Override
            public void invalidate() {
                invalidated.incrementAndGet();
            }
        };
        JGitCredentials provider = JGitCredentials.of(GitCredentials.token(source));
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        URIish uri = new URIish("https://example.invalid/a/b.git");

        boolean answered = provider.get(uri, user, password);
        provider.reset(uri);

        assertThat(answered).isTrue();
        assertThat(provider.isInteractive()).isFalse();
        assertThat(provider.supports(user, password)).isTrue();
        assertThat(provider.supports(new CredentialItem.YesNoType("trust?"))).isFalse();
        assertThat(user.getValue()).isEqualTo("x-access-token");
        assertThat(new String(password.getValue())).isEqualTo("t0ken");
        assertThat(invalidated).hasValue(1);
        assertThat(JGitCredentials.failureOf(provider)).isNull();
        assertThat(JGitCredentials.of(GitCredentials.none())).isNull();
    }

    @Test
    void givenAnUnreadableSecret_whenJGitAsks_thenNoCredentialsAreGivenAndTheFailureIsKept() throws Exception {
        JGitCredentials provider = JGitCredentials.of(GitCredentials.token(GitSecret.fromFile(temp.resolve("gone"))));

        boolean answered = provider.get(new URIish("https://example.invalid/a/b.git"), new CredentialItem.Username(),
                new CredentialItem.Password());

        assertThat(answered).isFalse();
        assertThat(JGitCredentials.failureOf(provider)).isInstanceOf(UncheckedIOException.class);
    }
}
