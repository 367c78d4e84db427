package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** deploy/grafana: dashboards that Grafana provisions from files, on the provisioned Prometheus datasource. */
class DashboardsTest {

    /** Dashboard file -> panel titles (fragments) the issue asks for. */
    private static final Map<String, List<String>> REQUIRED_PANELS = Map.of(
            "delivery-overview.json", List.of("Deployment frequency", "Lead time", "Change failure rate", "Time to restore"),
            "pipelines.json", List.of("Stage duration", "Gate failures"),
            "ingest.json", List.of("Deliveries by outcome", "latency", "Rejects"),
            "sync.json", List.of("Syncs", "Drift", "Rollbacks"),
            "kafka.json", List.of("Consumer lag per group"));

    @Test
    void givenTheDashboardsDirectory_whenListed_thenEachDashboardTheIssueAsksForIsThereWithItsPanels() {
        // Given
        List<Path> files = Queries.dashboardFiles();

        // When
        Map<String, List<String>> titles = new java.util.HashMap<>();
        for (Path file : files) {
            titles.put(file.getFileName().toString(), panelTitles(Queries.dashboard(file)));
        }

        // Then
        assertThat(titles).containsOnlyKeys(REQUIRED_PANELS.keySet());
        REQUIRED_PANELS.forEach((file, required) -> {
            for (String fragment : required) {
                assertThat(titles.get(file)).as(file).anySatisfy(t -> assertThat(t).containsIgnoringCase(fragment));
            }
        });
    }

    @Test
    void givenTheDashboards_whenTheirIdentityAndDatasourcesAreRead_thenUidsAreUniqueAndEveryQueryUsesTheProvisionedPrometheus() {
        // Given
        Map<String, Object> provisioning = Queries.yaml().load(
                Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
        @SuppressWarnings("unchecked")
        String uid = String.valueOf(((List<Map<String, Object>>) provisioning.get("datasources")).get(0).get("uid"));

        // When
        Set<String> uids = new HashSet<>();
        List<String> wrongDatasource = new ArrayList<>();
        for (Path file : Queries.dashboardFiles()) {
            JsonNode dashboard = Queries.dashboard(file);
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid " + file).isTrue();
            assertThat(dashboard.path("title").asText()).startsWith("GitOps / ");
            dashboard.findParents("datasource").forEach(parent -> {
                JsonNode ds = parent.path("datasource");
                if (!ds.path("uid").asText().equals(uid) || !ds.path("type").asText().equals("prometheus")) {
                    wrongDatasource.add(file.getFileName() + ": " + ds);
                }
            });
        }

        // Then
        assertThat(wrongDatasource).isEmpty();
        assertThat(uids).hasSize(REQUIRED_PANELS.size());
    }

    @Test
    void givenTheDashboards_whenTheirGrafanaVariablesAreRead_thenEachIsUsedOnlyInsideARegexMatcher() {
        // Given
        List<Queries.Query> queries = Queries.dashboards();

        // When
        List<String> unsafe = new ArrayList<>();
        for (Queries.Query query : queries) {
            if (!PromQl.variablesOutsideRegexMatchers(query.raw()).isEmpty()) {
                unsafe.add(query.toString());
            }
        }

        // Then
        assertThat(unsafe).as("variables expand to .* only inside =~ matchers").isEmpty();
        assertThat(queries).hasSizeGreaterThan(40);
    }

    @Test
    void givenTheDashboardPanels_whenTheirLayoutIsRead_thenPanelIdsAreUniqueAndEveryPanelFitsTheGrid() {
        // Given
        List<Path> files = Queries.dashboardFiles();

        // When / Then
        for (Path file : files) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : Queries.dashboard(file).path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file.getFileName() + " panel id").isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(file.getFileName() + " width")
                        .isLessThanOrEqualTo(24);
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
                }
            }
        }
    }

    private static List<String> panelTitles(JsonNode dashboard) {
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
        }
        return titles;
    }
}
