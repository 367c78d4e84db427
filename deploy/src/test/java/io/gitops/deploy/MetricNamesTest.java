package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every metric name a dashboard or an alert rule reads is one the services really export: the names of each
 * service's {@code *Metrics} constants in Prometheus form ({@link ExportedMetrics}), or a standard metric listed in
 * {@link ExportedMetrics#STANDARD} with where it comes from, or one of the service kit's shared consumer metrics
 * ({@code gitops_consumer_*}, {@link ExportedMetrics#kit()}). A service not written yet is skipped, naming the
 * metrics the dashboards assume it exports.
 */
class MetricNamesTest {

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenTheDashboardsAndRules_whenTheNamesOfAServicesMetricsAreCollected_thenTheServiceExportsEachOne(
            PlatformService service) {
        // Given
        Map<String, List<String>> used = namesUsed(service.metricPrefix());
        ExportedMetrics.Service exported = ExportedMetrics.of(service);
        assumeTrue(exported.hasConstants(), service.serviceName() + " has no *Metrics constants yet; the dashboards "
                + "and rules assume " + used.keySet());

        // When
        Set<String> missing = new TreeSet<>(used.keySet());
        missing.removeAll(exported.prometheusNames());

        // Then
        assertThat(missing).as("metrics of %s used by %s but not exported (exported: %s)", service.serviceName(),
                missing.stream().map(used::get).toList(), exported.prometheusNames()).isEmpty();
    }

    @Test
    void givenTheDashboardsAndRules_whenNamesOutsideTheServicesPrefixesAreCollected_thenEachIsAListedStandardMetric() {
        // Given
        Map<String, List<String>> used = namesUsed("");

        // When
        Set<String> unknown = new TreeSet<>();
        for (String name : used.keySet()) {
            boolean ofAService = PlatformService.byMetricName(name).isPresent()
                    || name.startsWith(ExportedMetrics.KIT_PREFIX);
            if (!ofAService && !ExportedMetrics.STANDARD.containsKey(name)) {
                unknown.add(name + " (" + used.get(name) + ")");
            }
        }

        // Then
        assertThat(unknown).isEmpty();
        assertThat(used.keySet()).as("the Kafka dashboard shows consumer lag")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void givenTheDashboardsAndRules_whenTheSharedConsumerMetricNamesAreCollected_thenTheServiceKitExportsEachOne() {
        // Given
        Map<String, List<String>> used = namesUsed(ExportedMetrics.KIT_PREFIX);
        ExportedMetrics.Service kit = ExportedMetrics.kit();

        // When
        Set<String> missing = new TreeSet<>(used.keySet());
        missing.removeAll(kit.prometheusNames());

        // Then
        assertThat(kit.prometheusNames()).containsExactlyInAnyOrder("gitops_consumer_records_total",
                "gitops_consumer_dead_letters_total", "gitops_consumer_duplicates_total",
                "gitops_consumer_retries_total", "gitops_consumer_backing_off");
        assertThat(missing).as("shared consumer metrics used by %s but not exported by the service kit",
                missing.stream().map(used::get).toList()).isEmpty();
        assertThat(used.keySet()).as("dead letters, duplicates and retries are read from the shared names")
                .contains("gitops_consumer_dead_letters_total", "gitops_consumer_duplicates_total",
                        "gitops_consumer_retries_total");
    }

    @Test
    void givenTheDashboardsAndRules_whenAllTheirNamesAreCollected_thenNoneIsAPerServiceDeadLetterOrDuplicateCounter() {
        // Given the per-service counters the service kit's shared consumer metrics replaced
        Set<String> replaced = Set.of("gitops_build_dead_letters_total", "gitops_bumper_dead_letters_total",
                "gitops_bumper_duplicates_total", "gitops_sync_events_dead_lettered_total");

        // When
        Map<String, List<String>> used = namesUsed("");

        // Then
        assertThat(used.keySet()).doesNotContainAnyElementsOf(replaced);
    }

    @Test
    void givenIngestsMetricsConstants_whenConvertedToPrometheusNames_thenEveryNameItsReadmeDocumentsIsProduced() {
        // Given
        String readme = Repo.read("services/ingest/README.md");
        String metricsSection = readme.substring(readme.indexOf("## Metrics"), readme.indexOf("## Failure modes"));
        Matcher documented = Pattern.compile("`(gitops_ingest_\\w+)`( \\(histogram\\))?").matcher(metricsSection);

        // When
        Set<String> exported = ExportedMetrics.of(PlatformService.INGEST).prometheusNames();

        // Then
        int count = 0;
        while (documented.find()) {
            count++;
            String name = documented.group(1);
            if (documented.group(2) != null) {
                assertThat(exported).contains(name + "_bucket", name + "_count", name + "_sum");
            } else {
                assertThat(exported).contains(name);
            }
        }
        assertThat(count).isEqualTo(6);
    }

    @Test
    void givenMicrometerRegistrationsOfEachType_whenTypesAreInferred_thenPrometheusNamesFollowMicrometersConvention() {
        // Given
        String source = """
                Counter.builder(REQUESTS).register(registry);
                registry.gauge(LEDGER, ledger, DeliveryLedger::size);
                timer(Metrics.DURATION, "outcome", o, "d");
                DistributionSummary.builder(BATCH).register(registry);
                """;

        // When
        ExportedMetrics.Meter counter = meter("REQUESTS", "gitops.x.requests", source);
        ExportedMetrics.Meter gauge = meter("LEDGER", "gitops.x.ledger.size", source);
        ExportedMetrics.Meter timer = meter("DURATION", "gitops.x.duration", source);
        ExportedMetrics.Meter summary = meter("BATCH", "gitops.x.batch.size", source);

        // Then
        assertThat(counter.prometheusNames(true)).containsExactly("gitops_x_requests_total");
        assertThat(gauge.prometheusNames(true)).containsExactly("gitops_x_ledger_size");
        assertThat(timer.prometheusNames(false)).containsExactlyInAnyOrder("gitops_x_duration_seconds_count",
                "gitops_x_duration_seconds_sum", "gitops_x_duration_seconds_max");
        assertThat(summary.prometheusNames(true)).contains("gitops_x_batch_size_bucket", "gitops_x_batch_size_count");
    }

    private static ExportedMetrics.Meter meter(String constant, String name, String source) {
        return new ExportedMetrics.Meter(constant, name, ExportedMetrics.inferTypes(constant, name, source));
    }

    /** Metric names used by dashboards and rules that start with {@code prefix}, with where each is used. */
    static Map<String, List<String>> namesUsed(String prefix) {
        Map<String, List<String>> used = new TreeMap<>();
        for (Queries.Query query : Queries.all()) {
            for (String name : PromQl.metricNames(query.promql())) {
                if (name.startsWith(prefix)) {
                    used.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(query.file() + " » " + query.title());
                }
            }
        }
        return used;
    }
}
