package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.deploy.Executables;
import io.gitops.deploy.PrometheusServer;
import io.gitops.deploy.Queries;
import io.gitops.deploy.QueryCheck;
import io.gitops.events.data.DriftHealed;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every Grafana dashboard ({@code deploy/grafana/dashboards}) and every Prometheus rule
 * ({@code deploy/prometheus/rules}) against the five real services of the embedded stack after they processed the
 * demo's events (a healthy rollout, a crash loop rolled back, reverted and quarantined, drift healed): a real
 * Prometheus (Debian's {@code prometheus}) scrapes their metrics URLs from {@code stack.env} every second, then each
 * expression goes through {@code /api/v1/query} and is judged by {@link QueryCheck} (it parses; panels, variables
 * and recording rules return series; the value side of each alert condition returns series; every selector, label
 * values included, matches series). Kafka consumer lag comes from the services themselves (the Kafka client
 * metrics quarkus-micrometer binds), so nothing else is scraped.
 */
@Order(10)
class DashboardQueriesIT {

    /** Prometheus job (= the service name the dashboards and rules use) → the stack.env key of its metrics URL. */
    private static final Map<String, String> METRICS_URLS = Map.of(
            "ingest", "GITOPS_INGEST_METRICS_URL",
            "build-orchestrator", "GITOPS_BUILD_ORCHESTRATOR_METRICS_URL",
            "config-bumper", "GITOPS_CONFIG_BUMPER_METRICS_URL",
            "sync-engine", "GITOPS_SYNC_ENGINE_METRICS_URL",
            "health-verifier", "GITOPS_HEALTH_VERIFIER_METRICS_URL");
    private static final Duration SCRAPES = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static PrometheusServer prometheus;
    private static Map<String, String> jobs;

    @BeforeAll
    static void playTheDemoAndScrapeEveryService() throws IOException {
        Path binary = Executables.find("prometheus").orElse(null);
        assumeTrue(binary != null, "prometheus is not installed (apt-get install prometheus, see .ci/run.d/deploy.sh)");
        RunningStack running = RunningStack.get();
        playTheDemoUnlessPlayed(running);
        jobs = targets(running.env());
        prometheus = PrometheusServer.start(binary, jobs, work.resolve("prometheus"));
        // Four scrapes of every service: rate() and increase() need two samples in their window, and the rules
        // (evaluated every second) have run on the scraped data.
        Awaitility.await("four scrapes of every service").atMost(SCRAPES).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.query("count_over_time(up[1m]) >= 4").result().size() == jobs.size());
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void givenTheDemoPlayed_whenEveryDashboardAndRuleExpressionIsEvaluated_thenEachParsesAndReturnsSeries() {
        // Given
        Set<String> exported = new HashSet<>();
        jobs.keySet().forEach(job -> exported.addAll(prometheus.metricNames(job)));
        List<Queries.Query> queries = Queries.all();

        // When
        QueryCheck.Evaluation evaluation = QueryCheck.evaluate(prometheus, queries, exported, jobs.keySet());

        // Then
        assertThat(evaluation.outOfScope()).as("expressions reading metrics no service exports").isEmpty();
        assertThat(evaluation.problems()).as("expressions that cannot show data").isEmpty();
        assertThat(evaluation.evaluated()).hasSameSizeAs(queries)
                .anyMatch(q -> q.file().endsWith("kafka.json")).anyMatch(q -> q.file().endsWith("delivery-overview.json"))
                .anyMatch(q -> q.kind() == Queries.Kind.ALERT);
    }

    @Test
    void givenTheRepositorysRulesLoaded_whenPrometheusHasEvaluatedThem_thenEveryRuleIsHealthy() {
        // Given the rules of deploy/prometheus/rules, loaded by the running Prometheus

        // When
        Awaitility.await("every rule evaluated").atMost(SCRAPES).pollInterval(Duration.ofMillis(500))
                .until(() -> rules().stream().noneMatch(r -> r.path("health").asText().equals("unknown")));
        List<JsonNode> rules = rules();

        // Then
        assertThat(rules).hasSize(Queries.rules().size());
        assertThat(rules).allSatisfy(rule -> assertThat(rule.path("health").asText())
                .as(rule.path("name").asText() + ": " + rule.path("lastError").asText()).isEqualTo("ok"));
    }

    /** The demo, unless an earlier IT of this JVM (EmbeddedStackIT) played it: its last act heals drift. */
    private static void playTheDemoUnlessPlayed(RunningStack running) throws IOException {
        Map<String, String> env = running.env();
        boolean played;
        try (EventTail tail = new EventTail(KafkaClientSettings.of(env.get("GITOPS_KAFKA_BOOTSTRAP")))) {
            played = tail.readExisting().stream().anyMatch(e -> e.data() instanceof DriftHealed h && Demo.APP.equals(h.app()));
        }
        if (!played) {
            new Demo(running.layout, running.ports, env, running.out(), Duration.ofSeconds(240)).run();
        }
    }

    /** job → host:port of its {@code /q/metrics}, from stack.env. */
    private static Map<String, String> targets(Map<String, String> env) {
        Map<String, String> targets = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        METRICS_URLS.forEach((job, key) -> {
            String url = env.get(key);
            if (url == null) {
                missing.add(key);
                return;
            }
            URI uri = URI.create(url);
            assertThat(uri.getPath()).as(key).isEqualTo("/q/metrics");
            targets.put(job, uri.getHost() + ":" + uri.getPort());
        });
        assertThat(missing).as("stack.env names every service's metrics URL").isEmpty();
        return targets;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : prometheus.rules()) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}
