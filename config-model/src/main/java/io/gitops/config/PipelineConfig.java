package io.gitops.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build pipeline of an application: which executor runs it, the command of each stage, and the gates.
 *
 * @param executor          {@code local}, {@code kubernetes} or {@code github-actions}
 * @param stages            stage name to shell command, in pipeline order ({@code lint, test, sast, build, push});
 *                          {@code build} and {@code push} are done by the platform and have no command by default
 * @param coverageThreshold minimum line coverage in percent (default 80)
 * @param coverageReports   report paths tried in order (JaCoCo XML, Cobertura XML or LCOV)
 * @param testReports       directory glob of JUnit XML reports
 * @param sast              {@code sonarqube} or {@code none} (an explicit, visible opt-out)
 * @param sonarProjectKey   SonarQube project key (default: the app name)
 * @param dockerfile        Dockerfile path in the source repository
 * @param stageTimeoutSeconds bound on each stage
 * @param builderImage      image the {@code kubernetes} executor runs stage commands in
 */
public record PipelineConfig(
        String executor,
        Map<String, String> stages,
        double coverageThreshold,
        List<String> coverageReports,
        String testReports,
        String sast,
        String sonarProjectKey,
        String dockerfile,
        int stageTimeoutSeconds,
        String builderImage) {

    public static final List<String> STAGE_ORDER = List.of("lint", "test", "sast", "build", "push");
    public static final List<String> EXECUTORS = List.of("local", "kubernetes", "github-actions");
    public static final List<String> SAST_TOOLS = List.of("sonarqube", "none");

    public static final Map<String, String> MAVEN_DEFAULT_STAGES = defaultStages();
    public static final List<String> DEFAULT_COVERAGE_REPORTS = List.of(
            "target/site/jacoco/jacoco.xml", "target/jacoco-report/jacoco.xml", "coverage.xml",
            "coverage/cobertura-coverage.xml", "coverage/lcov.info", "lcov.info");

    public PipelineConfig {
        stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        coverageReports = List.copyOf(coverageReports);
    }

    private static Map<String, String> defaultStages() {
        Map<String, String> stages = new LinkedHashMap<>();
        stages.put("lint", "mvn -B -ntp -q validate");
        stages.put("test", "mvn -B -ntp verify");
        stages.put("sast", "mvn -B -ntp sonar:sonar");
        return java.util.Collections.unmodifiableMap(stages);
    }

    public static PipelineConfig defaults(String app) {
        return new PipelineConfig("local", MAVEN_DEFAULT_STAGES, 80.0, DEFAULT_COVERAGE_REPORTS,
                "target/surefire-reports", "sonarqube", app, "Dockerfile", 1800, "maven:3.9-eclipse-temurin-17");
    }

    public boolean sastDisabled() {
        return "none".equals(sast);
    }
}
