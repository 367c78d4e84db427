package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @Test
    void givenCredentials_whenPrinted_thenThePasswordIsNotShown() {
        GitCredentials credentials = new GitCredentials("bot", "hunter2-token");

        String printed = credentials.toString() + GitServerOptions.of(Path.of("x")).withCredentials(credentials);

        assertThat(printed).contains("bot").doesNotContain("hunter2-token");
    }

    @ParameterizedTest
    @CsvSource({"a:b, p", "'', p", "a, ''"})
    void givenAnEmptyPartOrAColonInTheUsername_whenCreatingCredentials_thenTheyAreRefused(String user, String pw) {
        assertThatThrownBy(() -> new GitCredentials(user, pw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenServerOptions_whenChangingThePort_thenTheNewPortIsKeptWithoutCredentials() {
        GitServerOptions options = GitServerOptions.of(Path.of("repos")).withPort(8080);

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.credentials()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536})
    void givenAPortOutOfRange_whenCreatingServerOptions_thenTheyAreRefused(int port) {
        GitServerOptions options = GitServerOptions.of(Path.of("repos"));

        assertThatThrownBy(() -> options.withPort(port)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenWebhookOptionsWithASecretAndQuery_whenPrinted_thenNeitherSecretNorQueryNorUserInfoIsShown() {
        WebhookOptions options = WebhookOptions.of(
                URI.create("http://user:pw@127.0.0.1:8081/webhooks/github?token=abc"), "top-secret");

        String printed = options.toString();

        assertThat(printed).contains("http://127.0.0.1:8081/webhooks/github")
                .doesNotContain("top-secret").doesNotContain("token=abc").doesNotContain("pw");
    }

    @Test
    void givenANonHttpUrl_whenCreatingWebhookOptions_thenTheyAreRefused() {
        URI ftp = URI.create("ftp://127.0.0.1/hook");

        assertThatThrownBy(() -> WebhookOptions.of(ftp, "s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAnEmptySecret_whenCreatingWebhookOptions_thenTheyAreRefused() {
        URI url = URI.create("http://127.0.0.1/hook");

        assertThatThrownBy(() -> WebhookOptions.of(url, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 1000, 1000", "1, -1, 1000", "1, 1000, 0"})
    void givenNoAttemptsNegativeBackoffOrZeroTimeout_whenCreatingWebhookOptions_thenTheyAreRefused(int attempts,
            long backoffMillis, long timeoutMillis) {
        URI url = URI.create("http://127.0.0.1/hook");
        Duration backoff = Duration.ofMillis(backoffMillis);
        Duration timeout = Duration.ofMillis(timeoutMillis);

        assertThatThrownBy(() -> new WebhookOptions(url, "s", attempts, backoff, timeout))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenACommitWithAMultiLineMessage_whenAskingSubjectAndChangedPaths_thenFirstLineAndSortedUnionComeBack() {
        GitIdentity dev = new GitIdentity("d", "d@example.invalid");
        GitCommit commit = new GitCommit("1".repeat(40), "2".repeat(40), "subject\n\nbody", dev, dev,
                OffsetDateTime.now(), List.of(), List.of("b"), List.of("c"), List.of("a"));

        assertThat(commit.subject()).isEqualTo("subject");
        assertThat(commit.changedPaths()).containsExactly("a", "b", "c");
    }

    @Test
    void givenAPushNotification_whenAskingOwnerNameAndCreated_thenTheyComeFromFullNameAndBefore() {
        PushNotification push = new PushNotification("acme/config", "refs/heads/main", PushNotification.ZERO_SHA,
                "1".repeat(40), false, List.of(), Optional.empty(), new GitIdentity("a", ""), "u", "main");

        assertThat(push.owner()).isEqualTo("acme");
        assertThat(push.name()).isEqualTo("config");
        assertThat(push.created()).isTrue();
        assertThat(push.deleted()).isFalse();
    }

    @Test
    void givenAFullNameWithoutOwner_whenCreatingAPushNotification_thenItIsRefused() {
        GitIdentity pusher = new GitIdentity("a", "");

        assertThatThrownBy(() -> new PushNotification("no-slash", "r", "b", "a", false, List.of(),
                Optional.empty(), pusher, "u", "main")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAPlainRelativePath_whenValidated_thenItIsKept() {
        String path = SeedFile.validPath("apps/web/app.yaml");

        assertThat(path).isEqualTo("apps/web/app.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "dir/", "a//b", "./a", "a/../b", ".git/config", "a\\b", "a/.GIT"})
    void givenAPathThatIsNotPlainAndRelative_whenValidated_thenItIsRefused(String path) {
        assertThatThrownBy(() -> SeedFile.validPath(path)).isInstanceOf(IllegalArgumentException.class);
    }
}
