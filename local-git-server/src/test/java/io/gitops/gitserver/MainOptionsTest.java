package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainOptionsTest {

    @Test
    void givenAllOptionsAndEnvironment_whenParsing_thenEverythingIsRead() {
        String[] args = {"--port", "8181", "--base-dir=/var/lib/git", "--seed", "acme/config=/seed/config",
            "--seed=acme/web=/seed/web", "--webhook-url", "http://127.0.0.1:8081/webhooks/github"};
        Map<String, String> env = Map.of("GITOPS_GIT_USERNAME", "bot", "GITOPS_GIT_PASSWORD", "pw-123",
                "GITOPS_WEBHOOK_SECRET", "hook-secret");

        MainOptions options = MainOptions.parse(args, env);

        assertThat(options.port()).isEqualTo(8181);
        assertThat(options.baseDirectory()).contains(Path.of("/var/lib/git"));
        assertThat(options.seeds()).containsExactly(
                new MainOptions.Seed("acme", "config", Path.of("/seed/config")),
                new MainOptions.Seed("acme", "web", Path.of("/seed/web")));
        assertThat(options.credentials()).contains(new GitCredentials("bot", "pw-123"));
        assertThat(options.webhook()).hasValueSatisfying(webhook -> {
            assertThat(webhook.url()).isEqualTo(URI.create("http://127.0.0.1:8081/webhooks/github"));
            assertThat(webhook.secret()).isEqualTo("hook-secret");
        });
        assertThat(options.help()).isFalse();
        assertThat(options.toString()).doesNotContain("pw-123").doesNotContain("hook-secret");
    }

    @Test
    void givenNoArguments_whenParsing_thenRandomPortTemporaryDirectoryAndNoAuthOrWebhook() {
        MainOptions options = MainOptions.parse(new String[0], Map.of());

        assertThat(options.port()).isZero();
        assertThat(options.baseDirectory()).isEmpty();
        assertThat(options.seeds()).isEmpty();
        assertThat(options.credentials()).isEmpty();
        assertThat(options.webhook()).isEmpty();
    }

    @Test
    void givenHelp_whenParsing_thenHelpIsRequested() {
        MainOptions options = MainOptions.parse(new String[] {"--help"}, Map.of());

        assertThat(options.help()).isTrue();
        assertThat(MainOptions.USAGE).contains("--seed", "--webhook-url", "GITOPS_GIT_PASSWORD");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                    | unknown option: --bogus",
        "--port                     | --port needs a value",
        "--port x                   | --port must be a number",
        "--port 99999               | --port must be within 0..65535",
        "--seed config=/x           | <owner>/<name>=<directory>",
        "--seed a/b/c=/x            | <owner>/<name>=<directory>",
        "--seed acme/=/x            | <owner>/<name>=<directory>",
        "--webhook-url relative/url | --webhook-url must be an absolute http(s) URL",
        "--webhook-url ::bad        | --webhook-url must be an absolute http(s) URL",
        "--webhook-retries x        | --webhook-retries must be a number",
        "--webhook-retries 11       | --webhook-retries must be within 0..10",
        "--webhook-retries 2        | --webhook-retries needs --webhook-url"})
    void givenAnInvalidCommandLine_whenParsing_thenItIsRefusedWithAReason(String commandLine, String reason) {
        String[] args = commandLine.split(" ");

        assertThatThrownBy(() -> MainOptions.parse(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void givenAWebhookUrlWithoutRetries_whenParsing_thenEachDeliveryHasOneAttemptAsOnGitHub() {
        String[] args = {"--webhook-url", "http://127.0.0.1:8081/webhooks/github"};

        MainOptions options = MainOptions.parse(args, Map.of("GITOPS_WEBHOOK_SECRET", "s"));

        assertThat(options.webhook()).hasValueSatisfying(w -> assertThat(w.maxAttempts()).isEqualTo(1));
    }

    @Test
    void givenWebhookRetries_whenParsing_thenAFailedDeliveryIsTriedThatManyTimesMore() {
        String[] args = {"--webhook-url", "http://127.0.0.1:8081/webhooks/github", "--webhook-retries=3"};

        MainOptions options = MainOptions.parse(args, Map.of("GITOPS_WEBHOOK_SECRET", "s"));

        assertThat(options.webhook()).hasValueSatisfying(w -> {
            assertThat(w.maxAttempts()).isEqualTo(4);
            assertThat(w.initialBackoff()).isEqualTo(WebhookOptions.RETRY_BACKOFF);
        });
    }

    @Test
    void givenWebhookUrlWithoutSecret_whenParsing_thenTheMissingSecretIsNamed() {
        String[] args = {"--webhook-url", "http://127.0.0.1:1/hook"};

        assertThatThrownBy(() -> MainOptions.parse(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GITOPS_WEBHOOK_SECRET");
    }

    @Test
    void givenOnlyAUsername_whenParsing_thenBothCredentialVariablesAreAskedFor() {
        Map<String, String> env = Map.of("GITOPS_GIT_USERNAME", "bot");

        assertThatThrownBy(() -> MainOptions.parse(new String[0], env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GITOPS_GIT_USERNAME").hasMessageContaining("GITOPS_GIT_PASSWORD");
    }
}
