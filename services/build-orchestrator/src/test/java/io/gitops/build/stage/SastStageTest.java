package io.gitops.build.stage;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.pipeline.PipelineSpec;
import io.gitops.build.settings.SonarSettings;
import io.gitops.build.sonar.SonarQubeClient;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.build.testing.SampleApp;
import io.gitops.config.AppConfig;
import io.gitops.config.AppConfigParser;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sast stage with {@code sast: sonarqube}: the scanner command, then SonarQube's quality gate (WireMock). */
class SastStageTest {

    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    @TempDir
    Path workspace;

    WireMockServer sonar;
    SastStage stage;

    @BeforeEach
    void start() {
        sonar = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sonar.start();
        List<String> paths = List.of("target/sonar/report-task.txt");
        stage = new SastStage(new SonarQubeGate(new SonarQubeClient(Optional.empty(), Duration.ofSeconds(5)),
                Optional.of(sonar.baseUrl()), paths, Duration.ofMillis(1), Duration.ofSeconds(5), d -> { }),
                new SonarSettings(Optional.of(sonar.baseUrl()), Optional.of("squ_token"), paths, Duration.ofMillis(1),
                        Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        sonar.stop();
    }

    private StageContext context(String scanner) {
        AppConfig app = ((AppConfigParser.Parsed) AppConfigParser.parse(SampleApp.appYaml("shop", "acme/shop",
                "registry.local/shop", "bash ci/test.sh", "").replace("sast: none", "sast: sonarqube")
                .replace("    test: bash ci/test.sh", "    test: bash ci/test.sh\n    sast: " + scanner),
                "apps/shop/app.yaml")).app();
        PipelineSpec spec = new PipelineSpec("pl-shop-9f2c1e4b7a6d", app, "acme/shop", "main", SHA, null, "u", "w",
                null, Instant.now());
        return new StageContext(spec, workspace, workspace.resolve("scratch"), new LocalExecutor(1024),
                Duration.ofSeconds(30), 1);
    }

    @Test
    void givenAScannerThatWroteItsTaskAndAGateInError_whenRun_thenTheStageFailsWithTheConditions() {
        sonar.stubFor(get(urlPathEqualTo("/api/ce/task")).willReturn(okJson(
                "{\"task\":{\"id\":\"T1\",\"status\":\"SUCCESS\",\"analysisId\":\"A1\"}}")));
        sonar.stubFor(get(urlPathEqualTo("/api/project_analyses/search")).willReturn(okJson(
                "{\"analyses\":[{\"key\":\"A1\",\"revision\":\"" + SHA + "\"}]}")));
        sonar.stubFor(get(urlPathEqualTo("/api/qualitygates/project_status")).willReturn(okJson(
                "{\"projectStatus\":{\"status\":\"ERROR\",\"conditions\":[{\"status\":\"ERROR\",\"metricKey\":"
                        + "\"new_coverage\",\"comparator\":\"LT\",\"errorThreshold\":\"80\",\"actualValue\":\"42.0\"}]}}")));

        Outcome<StageReport> result = stage.run(context("'mkdir -p target/sonar && printf \"ceTaskId=T1\\nserverUrl=%s\\n\" "
                + "\"$SONAR_HOST_URL\" > target/sonar/report-task.txt && test \"$SONAR_TOKEN\" = squ_token'"));

        assertThat(result).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> {
            assertThat(f.reason()).isEqualTo("SonarQube quality gate ERROR: new_coverage 42.0 < 80");
            assertThat(StageReport.of(f).gates()).singleElement().satisfies(g -> assertThat(g.gate()).isEqualTo("sast"));
        });
    }

    @Test
    void givenAScannerThatFails_whenRun_thenTheStageFailsWithoutAskingSonarQube() {
        Outcome<StageReport> result = stage.run(context("'exit 2'"));

        assertThat(result).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("the SonarQube scanner failed"));
        assertThat(sonar.getAllServeEvents()).isEmpty();
    }

    @Test
    void givenSonarQubeUnreachable_whenRun_thenTheStageFailsTransiently() {
        sonar.stop();

        Outcome<StageReport> result = stage.run(context("'mkdir -p target/sonar && printf \"ceTaskId=T1\\n\""
                + " > target/sonar/report-task.txt'"));

        assertThat(result).isInstanceOf(Outcome.TransientFailure.class);
    }
}
