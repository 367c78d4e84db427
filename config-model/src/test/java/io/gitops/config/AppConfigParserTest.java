package io.gitops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gitops.config.AppConfig.Promotion;
import org.junit.jupiter.api.Test;

class AppConfigParserTest {

    static final String FULL = """
            name: shop
            source:
              repo: acme/shop
              branch: release
              url: http://127.0.0.1:8080/git/acme/shop.git
            image:
              repository: registry.local:5000/acme/shop
              valuesKey: app.image.tag
            pipeline:
              executor: kubernetes
              stages:
                lint: ./lint.sh
                test: ./gradlew test
                sast: ""
              coverage:
                threshold: 85.5
                reports: [build/jacoco.xml]
              testReports: build/test-results
              sast: none
              dockerfile: docker/Dockerfile
              stageTimeoutSeconds: 600
              builderImage: gradle:8-jdk17
            chart:
              path: charts/web
            environments:
              - name: staging
                promotion: auto
              - name: production
                namespace: shop-prod
                promotion: pull-request
            syncPolicy:
              automated: true
              prune: true
              selfHeal: true
            health:
              timeoutSeconds: 120
              minStableSeconds: 5
            """;

    private static AppConfigParser.Invalid invalid(String yaml) {
        AppConfigParser.Result result = AppConfigParser.parse(yaml, "apps/shop/app.yaml");
        assertThat(result).isInstanceOf(AppConfigParser.Invalid.class);
        return (AppConfigParser.Invalid) result;
    }

    private static List<String> problems(String yaml) {
        return invalid(yaml).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void givenACompleteAppYaml_whenParsed_thenEveryFieldIsRead() {
        AppConfigParser.Result result = AppConfigParser.parse(FULL, "apps/shop/app.yaml");

        AppConfig app = ((AppConfigParser.Parsed) result).app();
        assertThat(app.name()).isEqualTo("shop");
        assertThat(app.source()).isEqualTo(new AppConfig.SourceConfig("acme/shop", "release",
                "http://127.0.0.1:8080/git/acme/shop.git"));
        assertThat(app.image()).isEqualTo(new AppConfig.ImageConfig("registry.local:5000/acme/shop", "app.image.tag"));
        assertThat(app.pipeline().executor()).isEqualTo("kubernetes");
        assertThat(app.pipeline().stages()).containsExactly(
                java.util.Map.entry("lint", "./lint.sh"), java.util.Map.entry("test", "./gradlew test"),
                java.util.Map.entry("sast", ""));
        assertThat(app.pipeline().coverageThreshold()).isEqualTo(85.5);
        assertThat(app.pipeline().coverageReports()).containsExactly("build/jacoco.xml");
        assertThat(app.pipeline().sastDisabled()).isTrue();
        assertThat(app.pipeline().dockerfile()).isEqualTo("docker/Dockerfile");
        assertThat(app.pipeline().stageTimeoutSeconds()).isEqualTo(600);
        assertThat(app.pipeline().builderImage()).isEqualTo("gradle:8-jdk17");
        assertThat(app.pipeline().testReports()).isEqualTo("build/test-results");
        assertThat(app.chart().path()).isEqualTo("charts/web");
        assertThat(app.environments()).containsExactly(
                new AppConfig.EnvironmentConfig("staging", "shop-staging", Promotion.AUTO),
                new AppConfig.EnvironmentConfig("production", "shop-prod", Promotion.PULL_REQUEST));
        assertThat(app.environment("production")).isPresent();
        assertThat(app.environment("qa")).isEmpty();
        assertThat(app.syncPolicy()).isEqualTo(new AppConfig.SyncPolicy(true, true, true));
        assertThat(app.health()).isEqualTo(new AppConfig.HealthConfig(120, 5));
    }

    @Test
    void givenAMinimalAppYaml_whenParsed_thenMavenDefaultsAndAnEightyPercentGateApply() {
        AppConfigParser.Result result = AppConfigParser.parse("""
                name: shop
                source: {repo: acme/shop}
                image: {repository: registry.local/shop}
                environments: [{name: staging}]
                """, "apps/shop/app.yaml");

        AppConfig app = ((AppConfigParser.Parsed) result).app();
        assertThat(app.source().branch()).isEqualTo("main");
        assertThat(app.image().valuesKey()).isEqualTo("image.tag");
        assertThat(app.pipeline()).isEqualTo(PipelineConfig.defaults("shop"));
        assertThat(app.pipeline().coverageThreshold()).isEqualTo(80.0);
        assertThat(app.pipeline().sast()).isEqualTo("sonarqube");
        assertThat(app.chart().path()).isEqualTo("charts/shop");
        assertThat(app.environments().get(0)).isEqualTo(
                new AppConfig.EnvironmentConfig("staging", "shop-staging", Promotion.AUTO));
        assertThat(app.syncPolicy()).isEqualTo(AppConfig.SyncPolicy.DEFAULT);
        assertThat(app.health()).isEqualTo(AppConfig.HealthConfig.DEFAULT);
    }

    @Test
    void givenANameThatIsNotADns1123Label_whenParsed_thenTheProblemNamesFileAndLine() {
        var problems = problems("""
                source: {repo: acme/shop}
                name: ../Shop
                image: {repository: registry.local/shop}
                environments: [{name: staging}]
                """);

        assertThat(problems).singleElement().asString()
                .startsWith("apps/shop/app.yaml:2:7: 'name' '../Shop' is not a DNS-1123 label");
    }

    @Test
    void givenSeveralMistakes_whenParsed_thenEachIsReportedWithItsOwnLine() {
        var problems = problems("""
                name: shop
                source: {repo: not-a-full-name}
                image: {repository: "Registry/Shop:latest"}
                pipeline:
                  executor: jenkins
                  coverage: {threshold: 180}
                  sast: maybe
                  stages: {deploy: kubectl apply}
                  dockerfile: ../../etc/passwd
                environments:
                  - name: staging
                    promotion: sometimes
                  - name: staging
                syncPolicy: {prune: yes please}
                health: {timeoutSeconds: 10, minStableSeconds: 20}
                colour: blue
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "apps/shop/app.yaml:2:16: 'source.repo' must be a repository full name like owner/name",
                "apps/shop/app.yaml:3:21: 'image.repository' must be an image repository without tag or digest, e.g. registry.example/team/app",
                "apps/shop/app.yaml:5:13: 'pipeline.executor' must be one of local, kubernetes, github-actions, not 'jenkins'",
                "apps/shop/app.yaml:6:25: 'pipeline.coverage.threshold' must be a number from 0 to 100",
                "apps/shop/app.yaml:7:9: 'pipeline.sast' must be one of sonarqube, none, not 'maybe'",
                "apps/shop/app.yaml:8:12: unknown key 'pipeline.stages.deploy' (known: build, lint, push, sast, test)",
                "apps/shop/app.yaml:9:15: 'pipeline.dockerfile' must be a relative path inside the repository: ../../etc/passwd",
                "apps/shop/app.yaml:12:16: 'environments[0].promotion' must be auto or pull-request, not 'sometimes'",
                "apps/shop/app.yaml:13:11: environment 'staging' is listed twice",
                "apps/shop/app.yaml:14:21: 'syncPolicy.prune' must be true or false",
                "apps/shop/app.yaml:15:9: 'health.minStableSeconds' must be less than 'health.timeoutSeconds'",
                "apps/shop/app.yaml:16:1: unknown key 'colour' (known: chart, environments, health, image, name, "
                        + "pipeline, source, syncPolicy)");
    }

    @Test
    void givenMissingRequiredSections_whenParsed_thenEachIsNamed() {
        var problems = problems("name: shop\n");

        assertThat(problems).containsExactlyInAnyOrder(
                "apps/shop/app.yaml:1:1: 'source' is required (repo and branch of the application's code)",
                "apps/shop/app.yaml:1:1: 'image' is required (at least image.repository)",
                "apps/shop/app.yaml:1:1: 'environments' must list at least one environment");
    }

    @Test
    void givenTextThatIsNotYaml_whenParsed_thenTheYamlErrorIsLocated() {
        var problems = problems("name: shop\nsource: [unclosed\n");

        assertThat(problems).singleElement().asString().startsWith("apps/shop/app.yaml:3:1: not valid YAML");
    }

    @Test
    void givenAYamlBomb_whenParsed_thenItIsRefusedBeforeExpanding() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }

        var problems = problems(bomb.toString());

        assertThat(problems).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void givenDuplicateKeys_whenParsed_thenTheyAreRefused() {
        var problems = problems("name: shop\nname: other\n");

        assertThat(problems).contains("apps/shop/app.yaml:2:1: duplicate key 'name'");
    }

    @Test
    void givenAnEmptyFileOrAScalarDocument_whenParsed_thenTheProblemSaysSo() {
        assertThat(problems("")).containsExactly("apps/shop/app.yaml:1:1: app.yaml is empty");
        assertThat(problems("just text")).containsExactly("apps/shop/app.yaml:1:1: the document must be a mapping");
    }

    @Test
    void givenWronglyTypedValues_whenParsed_thenTypesAreReported() {
        var problems = problems("""
                name: [shop]
                source: {repo: acme/shop, branch: "a..b"}
                image: {repository: registry.local/shop, valuesKey: "image..tag"}
                pipeline:
                  coverage: {reports: [{x: 1}]}
                  stageTimeoutSeconds: forever
                environments: {name: staging}
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "apps/shop/app.yaml:1:7: 'name' must be a string",
                "apps/shop/app.yaml:2:35: 'source.branch' is not a valid branch name",
                "apps/shop/app.yaml:3:53: 'image.valuesKey' must be a dotted key like image.tag",
                "apps/shop/app.yaml:5:24: 'pipeline.coverage.reports' must be a list of strings",
                "apps/shop/app.yaml:6:24: 'pipeline.stageTimeoutSeconds' must be a whole number from 1 to 86400",
                "apps/shop/app.yaml:7:15: 'environments' must be a list",
                "apps/shop/app.yaml:7:15: 'environments' must list at least one environment");
    }

    @Test
    void givenAnInvalidNamespaceOrChartPath_whenParsed_thenBothAreReported() {
        var problems = problems("""
                name: shop
                source: {repo: acme/shop}
                image: {repository: registry.local/shop}
                chart: {path: /abs/chart}
                environments: [{name: qa, namespace: Shop_QA}, "staging"]
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "apps/shop/app.yaml:4:15: 'chart.path' must be a relative path inside the repository: /abs/chart",
                "apps/shop/app.yaml:5:38: 'environments[0].namespace' 'Shop_QA' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)",
                "apps/shop/app.yaml:5:48: environments[1] must be a mapping");
    }
}
