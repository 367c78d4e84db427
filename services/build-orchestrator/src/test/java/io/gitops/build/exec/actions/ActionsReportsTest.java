package io.gitops.build.exec.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.testing.Apps;
import io.gitops.build.testing.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionsReportsTest {

    static final String SHA = Apps.SHA;

    @TempDir
    Path workspace;

    final ActionsReports reports = new ActionsReports(Duration.ofHours(1), Clock.systemUTC());

    @Test
    void givenACheckRunNamedWithThePrefix_whenRecorded_thenItReportsItsStageWithItsFigures() {
        reports.record(Webhooks.checkRun("Acme/Shop", SHA, "gitops/Test", "success",
                "Tests\ngitops.tests.passed = 7\ngitops.coverage.line: 88.5%").data());

        assertThat(reports.report("acme/shop", SHA, "test")).hasValueSatisfying(r -> {
            assertThat(r.succeeded()).isTrue();
            assertThat(r.figures()).containsEntry("gitops.tests.passed", "7")
                    .containsEntry("gitops.coverage.line", "88.5%");
        });
    }

    @Test
    void givenDeliveriesThatAreNotCompletedRuns_whenRecorded_thenTheyAreIgnored() {
        var push = Webhooks.push("acme/shop", "main", SHA).data();
        var requested = new io.gitops.events.data.WebhookReceived("d", "check_run", "created", "acme/shop", null, null,
                null, null, Webhooks.checkRun("acme/shop", SHA, "lint", "success", null).data().payload());

        assertThat(reports.record(push)).isFalse();
        assertThat(reports.record(requested)).isFalse();
        assertThat(reports.report("acme/shop", SHA, "lint")).isEmpty();
    }

    @Test
    void givenNoReportForAStage_whenAwaitedBriefly_thenNothingComes() throws InterruptedException {
        assertThat(reports.await("acme/shop", SHA, "lint", Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void givenATestCheckRunWithFigures_whenTheExecutorRunsTheStage_thenJUnitAndCoverageReportsAreWritten()
            throws Exception {
        reports.record(Webhooks.checkRun("acme/shop", SHA, "test", "failure",
                "gitops.tests.passed=2\ngitops.tests.failed=1\ngitops.tests.skipped=1\ngitops.coverage.line=75").data());
        GitHubActionsExecutor executor = new GitHubActionsExecutor(reports, 1024);

        CommandResult result = executor.run(new CommandSpec("test", "ignored", workspace, Duration.ofSeconds(1),
                List.of("coverage.xml", "target/surefire-reports"), Map.of(), new CommandSpec.Origin("pl", "shop",
                "acme/shop", "u", SHA, "img")));

        assertThat(result).isInstanceOfSatisfying(CommandResult.Exited.class, e -> assertThat(e.exitCode()).isOne());
        assertThat(Files.readString(workspace.resolve("coverage.xml"))).isEqualTo("<coverage line-rate=\"0.7500\"/>");
        assertThat(Files.readString(workspace.resolve("target/surefire-reports/TEST-github-actions.xml")))
                .contains("<failure/>").contains("<skipped/>");
        assertThat(executor.buildsImages()).isTrue();
    }

    @Test
    void givenASastCheckRunWithTheSonarTask_whenTheExecutorRunsTheStage_thenReportTaskTxtIsWritten() {
        reports.record(Webhooks.checkRun("acme/shop", SHA, "sast", "success",
                "gitops.sonar.ceTaskId=AY1\ngitops.sonar.serverUrl=https://sonar.example").data());

        new GitHubActionsExecutor(reports, 1024).run(new CommandSpec("sast", "", workspace, Duration.ofSeconds(1),
                List.of("target/sonar/report-task.txt"), Map.of(), new CommandSpec.Origin("pl", "shop", "acme/shop",
                "u", SHA, "img")));

        assertThat(workspace.resolve("target/sonar/report-task.txt"))
                .hasContent("ceTaskId=AY1\nserverUrl=https://sonar.example");
    }

    @Test
    void givenNoReportAtAll_whenTheExecutorRunsTheStage_thenItTimesOut() {
        CommandResult result = new GitHubActionsExecutor(reports, 1024).run(new CommandSpec("lint", "", workspace,
                Duration.ofMillis(10), List.of(), Map.of(), new CommandSpec.Origin("pl", "shop", "acme/shop", "u", SHA,
                "img")));

        assertThat(result).isInstanceOf(CommandResult.TimedOut.class);
    }
}
