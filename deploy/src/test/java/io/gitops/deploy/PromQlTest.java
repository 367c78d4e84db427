package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The selector extraction the metric-name checks rely on. */
class PromQlTest {

    @Test
    void givenAnExpressionWithFunctionsAggregationsAndGrouping_whenMetricNamesAreExtracted_thenOnlyMetricsAreFound() {
        // Given
        String expression = "histogram_quantile(0.95, sum by (le, stage) (rate(gitops_build_stage_duration_seconds_bucket"
                + "{outcome=\"succeeded\", stage=~\"test|build\"}[5m]))) / ignoring(job) group_left(instance) "
                + "sum without (pod) (gitops_build_running offset 1h) and on(job) up == bool 1";

        // When
        Set<String> names = PromQl.metricNames(expression);

        // Then
        assertThat(names).containsExactly("gitops_build_stage_duration_seconds_bucket", "gitops_build_running", "up");
    }

    @Test
    void givenLabelMatchersWithOperatorsAndEscapes_whenSelectorsAreExtracted_thenEachMatcherIsKept() {
        // Given
        String expression = "sum(rate(gitops_ingest_rejects_total{reason=~\"missing_signature|bad_signature\", "
                + "job!=\"x\", topic=~\".+[.]dlq\", note=\"a \\\"quoted\\\" } brace\"}[1h] offset 5m))";

        // When
        List<PromQl.Selector> selectors = PromQl.selectors(expression);

        // Then
        assertThat(selectors).singleElement().satisfies(s -> {
            assertThat(s.metric()).isEqualTo("gitops_ingest_rejects_total");
            assertThat(s.labelMatchers()).extracting(m -> m[0] + m[1] + m[2]).containsExactly(
                    "reason=~missing_signature|bad_signature", "job!=x", "topic=~.+[.]dlq",
                    "note=a \\\"quoted\\\" } brace");
        });
    }

    @Test
    void givenAGrafanaExpression_whenVariablesAreExpanded_thenBuiltInsBecomeDurationsAndRegexVariablesMatchAll() {
        // Given
        String expression = "sum by (app) (increase(gitops_sync_rollbacks_total{app=~\"$app\", env=~\"${env}\"}"
                + "[$__rate_interval])) / $__range_s";

        // When
        String expanded = PromQl.expandGrafanaVariables(expression);

        // Then
        assertThat(expanded).isEqualTo("sum by (app) (increase(gitops_sync_rollbacks_total{app=~\".*\", env=~\".*\"}"
                + "[2m])) / 3600");
        assertThat(PromQl.variablesOutsideRegexMatchers(expression)).isEmpty();
        assertThat(PromQl.variablesOutsideRegexMatchers("up{job=\"$job\"}")).containsExactly("$job");
    }

    @Test
    void givenALabelValuesVariableQuery_whenMetricNamesAreExtracted_thenItsMetricIsFound() {
        // Given
        String query = "label_values(gitops_health_deployments_total{env=\"prod\"}, app)";

        // When
        Set<String> names = PromQl.metricNames(query);

        // Then
        assertThat(names).containsExactly("gitops_health_deployments_total");
        assertThat(PromQl.expandGrafanaVariables(query)).isEqualTo("gitops_health_deployments_total{env=\"prod\"}");
    }

    @Test
    void givenANameOnlyInTheNameLabel_whenMetricNamesAreExtracted_thenItIsFound() {
        // Given
        String expression = "count({__name__=\"gitops_ingest_dedupe_ledger_size\", job=\"ingest\"})";

        // When
        Set<String> names = PromQl.metricNames(expression);

        // Then
        assertThat(names).containsExactly("gitops_ingest_dedupe_ledger_size");
    }

    @Test
    void givenAlertExpressions_whenTheirComparedValuesAreTaken_thenEachConditionLosesItsThresholdOnly() {
        // Given
        String twoConditions = "(\n  sum(increase(a_total{outcome=\"failed\", x!=\"y\"}[1h]))\n  /\n  sum(increase(a_total[1h]))\n) > 0.5"
                + "\nand\nsum(increase(a_total[1h])) >= 3";
        String threshold = "sum(rate(r_total[5m])) > 3 * sum(rate(r_total[1h] offset 5m))";
        String absence = "absent(up{job=\"ingest\"}) or absent(up{job=\"sync-engine\"})";
        String equality = "up{job=~\"ingest|operand\"} == 0";

        // When
        List<List<String>> values = List.of(PromQl.comparedValues(twoConditions), PromQl.comparedValues(threshold),
                PromQl.comparedValues(absence), PromQl.comparedValues(equality));

        // Then
        assertThat(values.get(0)).containsExactly(
                "(\n  sum(increase(a_total{outcome=\"failed\", x!=\"y\"}[1h]))\n  /\n  sum(increase(a_total[1h]))\n)",
                "sum(increase(a_total[1h]))");
        assertThat(values.get(1)).containsExactly("sum(rate(r_total[5m]))");
        assertThat(values.get(2)).isEmpty();
        assertThat(values.get(3)).containsExactly("up{job=~\"ingest|operand\"}");
    }
}
