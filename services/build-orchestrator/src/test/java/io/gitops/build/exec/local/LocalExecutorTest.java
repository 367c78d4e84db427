package io.gitops.build.exec.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
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
