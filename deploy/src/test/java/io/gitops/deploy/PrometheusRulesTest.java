package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus checked with promtool from Debian's prometheus package (.ci/run.d/deploy.sh installs it): the
 * scrape config, the alert rules and their unit tests. Skipped when promtool is not installed.
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS_DIR = Repo.path("deploy/prometheus");
    /**
     * The alerts the issues ask for: lag growing, pipelines failing, rollbacks, webhook rejects spiking, service down,
     * a sync refused by RBAC (issue #13).
     */
    private static final Set<String> REQUIRED_ALERTS = Set.of("GitopsConsumerLagGrowing", "GitopsPipelinesFailing",
            "GitopsRollback", "GitopsWebhookRejectsSpiking", "GitopsServiceDown", "GitopsSyncForbidden");

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Executables.find("promtool").orElse(null);
    }

    private static void assumePromtool() {
        assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus, see .ci/run.d/deploy.sh)");
    }

    @Test
    void givenTheScrapeConfig_whenPromtoolChecksIt_thenItAndEveryRuleFileItLoadsAreValid() {
        // Given
        assumePromtool();

        // When
        Executables.Result result = Executables.run(promtool, PROMETHEUS_DIR, "check", "config", "prometheus.yml");

        // Then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + Queries.ruleFiles().size() + " rule files found");
    }

    @Test
    void givenTheAlertRules_whenPromtoolChecksThem_thenEveryFileIsValid() {
        // Given
        assumePromtool();
        String[] args = args(List.of("check", "rules"), Queries.ruleFiles());

        // When
        Executables.Result result = Executables.run(promtool, PROMETHEUS_DIR, args);

        // Then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED");
    }

    @Test
    void givenTheRuleUnitTests_whenPromtoolRunsThem_thenEveryOnePasses() {
        // Given
        assumePromtool();
        List<Path> tests = Repo.files("deploy/prometheus/tests", ".yml");
        assertThat(tests).isNotEmpty();

        // When
        Executables.Result result = Executables.run(promtool, PROMETHEUS_DIR, args(List.of("test", "rules"), tests));

        // Then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED");
    }

    @Test
    void givenARuleWithABrokenExpression_whenPromtoolChecksIt_thenItFails(@TempDir Path dir) throws IOException {
        // Given
        assumePromtool();
        Path broken = Files.writeString(dir.resolve("broken.yml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(rate(gitops_ingest_rejects_total[5m]) > 
                """);

        // When
        Executables.Result result = Executables.run(promtool, dir, "check", "rules", broken.toString());

        // Then
        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void givenTheAlertRules_whenListed_thenTheIssuesAlertsExistEachWithSeverityAnnotationsAndAUnitTest() {
        // Given
        String unitTests = String.join("\n", Repo.files("deploy/prometheus/tests", ".yml").stream().map(Repo::read).toList());

        // When
        Set<String> alerts = new TreeSet<>();
        for (Path file : Queries.ruleFiles()) {
            Map<String, Object> doc = Queries.yaml().load(Repo.read(file));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) doc.get("groups");
            for (Map<String, Object> group : groups) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
                for (Map<String, Object> rule : rules) {
                    String name = String.valueOf(rule.get("alert"));
                    alerts.add(name);
                    assertThat(rule.get("labels")).as(name).asString().containsPattern("severity=(critical|warning)");
                    assertThat(rule.get("annotations")).as(name).asString().contains("summary=", "description=");
                }
            }
        }

        // Then
        assertThat(alerts).containsAll(REQUIRED_ALERTS);
        for (String alert : alerts) {
            assertThat(unitTests).as("a promtool unit test for " + alert).contains("alertname: " + alert);
        }
    }

    @Test
    void givenEveryDashboardExpression_whenPromtoolParsesThemAsRecordingRules_thenNoneHasASyntaxError(
            @TempDir Path dir) throws IOException {
        // Given
        assumePromtool();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        List<Queries.Query> queries = Queries.dashboards();
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:expression_").append(i).append('\n')
                    .append("        expr: '").append(queries.get(i).promql().replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboards.yml"), rules);

        // When
        Executables.Result result = Executables.run(promtool, dir, "check", "rules", file.toString());

        // Then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    private static String[] args(List<String> command, List<Path> files) {
        return java.util.stream.Stream.concat(command.stream(), files.stream().map(Path::toString))
                .toArray(String[]::new);
    }
}
