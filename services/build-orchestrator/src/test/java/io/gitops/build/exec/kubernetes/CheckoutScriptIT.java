package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage Job's checkout script, run by {@code sh} with the machine's {@code git} (as the {@code alpine/git} init
 * container runs it) against a Git server that requires credentials.
 */
@WithGitServer(username = "builder", password = "s3cret-token")
class CheckoutScriptIT {

    /** The credentials {@code @WithGitServer} gives the server. */
    static final GitCredentials CREDENTIALS = new GitCredentials("builder", "s3cret-token");

    @Provided
    static LocalGitServer git;
    static String commit;

    @BeforeAll
    static void createRepository() {
        commit = git.createRepository("acme", "private-shop", "main", Map.of("README.md", "private\n"));
    }

    private static Result run(boolean withCredentials, Map<String, String> secretValues, Path workspaceParent)
            throws IOException, InterruptedException {
        Path workspace = workspaceParent.resolve("workspace");
        String script = StageJobs.checkoutScript(withCredentials).replace("/workspace", workspace.toString());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("GIT_URL", git.repoUrl("acme", "private-shop"));
        env.put("GIT_COMMIT", commit);
        env.putAll(secretValues);
        env.put("HOME", workspaceParent.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the clone never waits for a prompt").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                workspace);
    }

    record Result(int exit, String output, Path workspace) {
    }

    @Test
    void givenTheSecretsValuesInTheEnvironment_whenTheCheckoutRuns_thenThePrivateCommitIsCheckedOut(@TempDir Path dir)
            throws Exception {
        Map<String, String> secret = new HashMap<>(Map.of("GIT_USERNAME", "builder", "GIT_PASSWORD", "s3cret-token"));

        Result result = run(true, secret, dir);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(Files.readString(result.workspace().resolve("README.md"))).isEqualTo("private\n");
        assertThat(Files.readString(result.workspace().resolve(".git/config"))).doesNotContain("s3cret-token");
        assertThat(result.output()).doesNotContain("s3cret-token");
    }

    @Test
    void givenNoCredentials_whenTheCheckoutRuns_thenItFailsAtOnceInsteadOfPrompting(@TempDir Path dir) throws Exception {
        Result result = run(false, Map.of(), dir);

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("could not read Username");
    }
}
