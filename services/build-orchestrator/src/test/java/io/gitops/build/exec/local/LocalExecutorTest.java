package io.gitops.build.exec.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.SecretMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {

    @TempDir
    Path workspace;

    final LocalExecutor executor = new LocalExecutor(64);

    private CommandResult run(String command, Duration timeout) {
        return executor.run(new CommandSpec("test", command, workspace, timeout, List.of(), Map.of("GREETING", "hi"),
                new CommandSpec.Origin("pl-x", "x", "acme/x", "u", "c", "img")));
    }

    @Test
    void givenACommand_whenRun_thenItRunsInTheWorkspaceWithTheEnvironmentAndItsExitIsReported() {
        CommandResult result = run("echo $GREETING from $(basename $PWD); exit 3", Duration.ofSeconds(10));

        assertThat(result).isInstanceOfSatisfying(CommandResult.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.outputTail()).isEqualTo("hi from " + workspace.getFileName() + "\n");
            assertThat(e.reportRoot()).isEqualTo(workspace);
        });
    }

    @Test
    void givenACommandThatPrintsALot_whenRun_thenOnlyTheBoundedTailIsKept() {
        CommandResult result = run("for i in $(seq 1 1000); do echo line-$i; done", Duration.ofSeconds(10));

        String tail = ((CommandResult.Exited) result).outputTail();
        assertThat(tail).startsWith("[... ").endsWith("line-1000\n").contains("bytes cut]");
        assertThat(tail.length()).isLessThan(100);
    }

    @Test
    void givenACommandThatHangsWithAChild_whenTheTimeoutPasses_thenTheTreeIsKilledAndItTimesOut() {
        CommandResult result = run("echo started; sleep 600 & wait", Duration.ofMillis(500));

        assertThat(result).isInstanceOfSatisfying(CommandResult.TimedOut.class,
                t -> assertThat(t.outputTail()).contains("started"));
    }

    @Test
    void givenAStageThatRunsEnvAndLeavesAChildBehind_whenItEnds_thenNoSecretIsInItsOutputAndNoProcessIsLeft()
            throws Exception {
        // The orchestrator's environment: the secrets it holds next to what a stage may have.
        Map<String, String> orchestrator = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/orchestrator",
                "LANG", "C.UTF-8", "GITOPS_BUILD_GIT_TOKEN", "ghp_orchestratorGitToken0001",
                "GITOPS_BUILD_REGISTRY_PASSWORD", "registry-password-0002",
                "AWS_SECRET_ACCESS_KEY", "aws/secret+access/key0003", "AWS_ACCESS_KEY_ID", "AKIAORCHESTRATOR0004");
        SecretMask mask = SecretMask.of(List.of("ghp_orchestratorGitToken0001", "registry-password-0002",
                "aws/secret+access/key0003", "AKIAORCHESTRATOR0004", "squ_stageSonarToken0005"));
        LocalExecutor isolated = new LocalExecutor(64 * 1024, mask, ProcessEnvironment.stage(orchestrator, List.of()),
                workspace.resolve("pipelines"));
        String script = "env; echo leak:$GITOPS_BUILD_GIT_TOKEN; echo sonar:$SONAR_TOKEN; sleep 600 & "
                + "echo child=$!; echo group=$(cut -d' ' -f5 /proc/$$/stat)";

        CommandResult result = isolated.run(new CommandSpec("sast", script, workspace, Duration.ofSeconds(30),
                List.of(), Map.of("SONAR_TOKEN", "squ_stageSonarToken0005"),
                new CommandSpec.Origin("pl-leaky", "leaky", "acme/leaky", "u", "c", "img")));

        String tail = ((CommandResult.Exited) result).outputTail();
        assertThat(tail).doesNotContain("ghp_orchestratorGitToken0001", "registry-password-0002",
                "aws/secret+access/key0003", "AKIAORCHESTRATOR0004", "squ_stageSonarToken0005",
                "GITOPS_BUILD_GIT_TOKEN", "GITOPS_BUILD_REGISTRY_PASSWORD", "AWS_SECRET_ACCESS_KEY")
                .contains("HOME=/home/orchestrator", "LANG=C.UTF-8", "leak:\n", "sonar:***", "SONAR_TOKEN=***",
                        "TMPDIR=" + workspace.resolve("pipelines/pl-leaky/tmp"));
        long child = Long.parseLong(tail.replaceAll("(?s).*child=(\\d+).*", "$1"));
        long group = Long.parseLong(tail.replaceAll("(?s).*group=(\\d+).*", "$1"));
        assertThat(ProcessGroup.living(child)).as("the background child is gone").isFalse();
        assertThat(ProcessGroup.members(group)).isEmpty();
        String self = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
        assertThat(group).as("the stage had a process group of its own")
                .isNotEqualTo(Long.parseLong(self.substring(self.lastIndexOf(')') + 2).split(" ")[2]));
    }

    @Test
    void givenACommandThatDaemonisesAChild_whenItTimesOut_thenTheWholeProcessGroupIsKilled() throws Exception {
        Path pids = workspace.resolve("pids");
        CommandResult result = run("(sleep 600 & echo $! > " + pids + "; wait) & sleep 600",
                Duration.ofMillis(500));

        assertThat(result).isInstanceOf(CommandResult.TimedOut.class);
        long orphan = Long.parseLong(java.nio.file.Files.readString(pids).strip());
        assertThat(ProcessGroup.living(orphan)).as("the re-parented grandchild is gone").isFalse();
    }

    @Test
    void givenAWorkspaceThatDoesNotExist_whenRun_thenItCannotRunPermanently() {
        CommandResult result = executor.run(new CommandSpec("test", "true", workspace.resolve("missing"),
                Duration.ofSeconds(5), List.of(), Map.of(), null));

        assertThat(result).isInstanceOfSatisfying(CommandResult.NotRun.class, n -> assertThat(n.retryable()).isFalse());
    }

    @Test
    void givenARunningThread_whenInterrupted_thenTheCommandIsKilledAndReportedRetryable() throws Exception {
        CommandResult[] result = new CommandResult[1];
        Thread thread = new Thread(() -> result[0] = run("sleep 600", Duration.ofSeconds(60)));
        thread.start();
        org.awaitility.Awaitility.await().until(() -> ProcessHandle.current().descendants()
                .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 600")));

        thread.interrupt();
        thread.join(10_000);

        assertThat(result[0]).isInstanceOfSatisfying(CommandResult.NotRun.class,
                n -> assertThat(n.retryable()).isTrue());
    }
}
