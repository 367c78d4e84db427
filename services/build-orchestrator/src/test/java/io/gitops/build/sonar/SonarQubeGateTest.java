package io.gitops.build.sonar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SonarQube quality gate against WireMock answering in SonarQube's real Web API shapes. */
class SonarQubeGateTest {

    @TempDir
    Path workspace;

    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    WireMockServer sonar;
    SonarQubeGate gate;

    @BeforeEach
    void start() throws IOException {
        sonar = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sonar.start();
        gate = new SonarQubeGate(new SonarQubeClient(Optional.of("squ_token"), Duration.ofSeconds(5)),
                Optional.of(sonar.baseUrl()), List.of("target/sonar/report-task.txt"), Duration.ofMillis(1),
                Duration.ofSeconds(5), d -> { });
        sonar.stubFor(get(urlPathEqualTo("/api/project_analyses/search")).withQueryParam("project", equalTo("shop"))
                .willReturn(okJson(analyses(SHA))));
        Files.createDirectories(workspace.resolve("target/sonar"));
        Files.writeString(workspace.resolve("target/sonar/report-task.txt"), """
                projectKey=shop
                serverUrl=%s
                serverVersion=26.9.0.129388
                dashboardUrl=%s/dashboard?id=shop
                ceTaskId=AY1-task
                ceTaskUrl=%s/api/ce/task?id=AY1-task
                """.formatted(sonar.baseUrl(), sonar.baseUrl(), sonar.baseUrl()));
    }

    @AfterEach
    void stop() {
        sonar.stop();
    }

    /** /api/project_analyses/search of project shop: the analyses AZ-analysis and AZ-2, of {@code revision}. */
    private static String analyses(String revision) {
        return """
                {"paging":{"pageIndex":1,"pageSize":100,"total":2},"analyses":[
                {"key":"AZ-analysis","date":"2026-11-27T10:00:12+0000","projectVersion":"1.0","revision":"%s",
                "manualNewCodePeriodBaseline":false,"events":[]},
                {"key":"AZ-2","date":"2026-11-27T09:00:12+0000","revision":"%s","events":[]}]}
                """.formatted(revision, revision);
    }

    private void passingGate() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("SUCCESS", "AZ-analysis"))));
        sonar.stubFor(get(urlPathEqualTo("/api/qualitygates/project_status")).willReturn(okJson(
                "{\"projectStatus\":{\"status\":\"OK\",\"conditions\":[]}}")));
    }

    private static String task(String status, String analysisId) {
        return """
                {"task":{"id":"AY1-task","type":"REPORT","componentId":"AY0","componentKey":"shop","componentName":"shop",
                "componentQualifier":"TRK","analysisId":%s,"status":"%s","submittedAt":"2026-11-27T10:00:10+0000",
                "executionTimeMs":812,"hasScannerContext":true,"warningCount":0,"warnings":[]}}
                """.formatted(analysisId == null ? "null" : "\"" + analysisId + "\"", status);
    }

    @Test
    void givenAPendingThenSuccessfulAnalysisWithAPassingGate_whenEvaluated_thenTheSastGatePasses() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).inScenario("ce").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(task("IN_PROGRESS", null))).willSetStateTo("done"));
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).inScenario("ce").whenScenarioStateIs("done")
                .willReturn(okJson(task("SUCCESS", "AZ-analysis"))));
        sonar.stubFor(get(urlPathEqualTo("/api/qualitygates/project_status")).withQueryParam("analysisId",
                equalTo("AZ-analysis")).willReturn(okJson("""
                {"projectStatus":{"status":"OK","conditions":[{"status":"OK","metricKey":"new_coverage",
                "comparator":"LT","errorThreshold":"80","actualValue":"91.2"}],"ignoredConditions":false,
                "caycStatus":"compliant"}}
                """)));

        Outcome<GateResult> result = gate.evaluate(workspace, "shop", SHA);

        assertThat(result).isInstanceOfSatisfying(Outcome.Success.class, s -> {
            GateResult g = (GateResult) s.value();
            assertThat(g.passed()).isTrue();
            assertThat(g.detail()).isEqualTo("SonarQube quality gate OK (analysis AZ-analysis)");
        });
        sonar.verify(getRequestedFor(urlPathEqualTo("/api/ce/task")).withHeader("Authorization",
                equalTo("Bearer squ_token")));
    }

    @Test
    void givenAFailingQualityGate_whenEvaluated_thenTheGateFailsWithTheFailedConditions() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("SUCCESS", "AZ-2"))));
        sonar.stubFor(get(urlPathEqualTo("/api/qualitygates/project_status")).willReturn(okJson("""
                {"projectStatus":{"status":"ERROR","conditions":[
                {"status":"ERROR","metricKey":"new_coverage","comparator":"LT","errorThreshold":"80","actualValue":"42.0"},
                {"status":"OK","metricKey":"new_bugs","comparator":"GT","errorThreshold":"0","actualValue":"0"}],
                "ignoredConditions":false}}
                """)));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("SonarQube quality gate ERROR: new_coverage 42.0 < 80");
    }

    @Test
    void givenAFailedAnalysisTask_whenEvaluated_thenTheGateFailsWithItsError() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("FAILED", null)
                .replace("\"warnings\":[]", "\"warnings\":[],\"errorMessage\":\"Unsupported language\""))));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("FAILED: Unsupported language");
    }

    @Test
    void givenSonarQubeAnswering503_whenEvaluated_thenItIsATransientFailure() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(aResponse().withStatus(503)));

        assertThat(gate.evaluate(workspace, "shop", SHA)).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenSonarQubeRateLimitingWith403_whenEvaluated_thenItIsATransientFailure() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "0")));

        assertThat(gate.evaluate(workspace, "shop", SHA)).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenARefusedToken_whenEvaluated_thenItIsAPermanentFailure() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(aResponse().withStatus(401)));

        assertThat(gate.evaluate(workspace, "shop", SHA)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).contains("refused the token"));
    }

    @Test
    void givenAnAnalysisNeverProcessed_whenEvaluated_thenTheGateFailsAfterTheBound() {
        gate = new SonarQubeGate(new SonarQubeClient(Optional.empty(), Duration.ofSeconds(5)),
                Optional.of(sonar.baseUrl()),
                List.of("target/sonar/report-task.txt"), Duration.ofMillis(1), Duration.ZERO, d -> { });
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("PENDING", null))));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.detail()).contains("did not process analysis task AY1-task");
    }

    @Test
    void givenNoReportTaskFile_whenEvaluated_thenTheGateFailsSayingWhereItLooked() throws IOException {
        Files.delete(workspace.resolve("target/sonar/report-task.txt"));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.detail()).contains("no report-task.txt");
    }

    @Test
    void givenAReportTaskWithoutTaskId_whenEvaluated_thenTheGateFails() throws IOException {
        Files.writeString(workspace.resolve("target/sonar/report-task.txt"), "projectKey=shop\n");

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.detail()).isEqualTo("report-task.txt has no ceTaskId");
    }

    @Test
    void givenAReportTaskNamingAnotherServer_whenEvaluated_thenOnlyTheConfiguredServerIsAskedAndGetsTheToken()
            throws IOException {
        WireMockServer attacker = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1"));
        attacker.start();
        try {
            Files.writeString(workspace.resolve("target/sonar/report-task.txt"), "projectKey=shop\nserverUrl="
                    + attacker.baseUrl() + "\nceTaskId=AY1-task\n");
            passingGate();

            GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

            assertThat(result.passed()).isTrue();
            assertThat(attacker.getAllServeEvents()).isEmpty();
        } finally {
            attacker.stop();
        }
    }

    @Test
    void givenNoConfiguredServer_whenEvaluated_thenTheGateFailsWithoutAskingTheServerOfTheReportTask() {
        gate = new SonarQubeGate(new SonarQubeClient(Optional.of("squ_token"), Duration.ofSeconds(5)),
                Optional.empty(), List.of("target/sonar/report-task.txt"), Duration.ofMillis(1),
                Duration.ofSeconds(5), d -> { });

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("gitops.build.sonarqube.url is not set");
        assertThat(sonar.getAllServeEvents()).isEmpty();
    }

    @Test
    void givenAReportTaskOfAnotherProject_whenEvaluated_thenTheGateFailsNamingBoth() {
        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "billing", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("report-task.txt is of SonarQube project 'shop', not the app's "
                + "project 'billing'");
    }

    @Test
    void givenATaskThatAnalysedAnotherProject_whenEvaluated_thenTheGateFails() throws IOException {
        Files.writeString(workspace.resolve("target/sonar/report-task.txt"), "ceTaskId=AY1-task\n");
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("SUCCESS", "AZ-analysis")
                .replace("\"componentKey\":\"shop\"", "\"componentKey\":\"other\""))));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("analysed project 'other', not the app's project 'shop'");
    }

    @Test
    void givenAnAnalysisTheProjectDoesNotList_whenEvaluated_thenTheGateFails() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(task("SUCCESS", "AZ-foreign"))));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("AZ-foreign is not an analysis of the app's project 'shop'");
    }

    @Test
    void givenAnAnalysisOfAnotherRevision_whenEvaluated_thenTheGateFailsNamingTheCommit() {
        passingGate();
        sonar.stubFor(get(urlPathEqualTo("/api/project_analyses/search")).atPriority(1)
                .willReturn(okJson(analyses("1".repeat(40)))));

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("SonarQube analysis AZ-analysis is of revision '" + "1".repeat(40)
                + "', not of commit " + SHA);
    }

    @Test
    void givenAReportTaskThatIsASymlinkOutOfTheWorkspace_whenEvaluated_thenItIsNotRead(@TempDir Path outside)
            throws IOException {
        Path real = outside.resolve("report-task.txt");
        Files.writeString(real, "projectKey=shop\nceTaskId=AY1-task\n");
        Files.delete(workspace.resolve("target/sonar/report-task.txt"));
        Files.createSymbolicLink(workspace.resolve("target/sonar/report-task.txt"), real);

        GateResult result = ((Outcome.Success<GateResult>) gate.evaluate(workspace, "shop", SHA)).value();

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("symbolic link");
        assertThat(sonar.getAllServeEvents()).isEmpty();
    }
}
