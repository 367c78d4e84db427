package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's) scrapes the real ingest service (its runnable jar on the in-JVM Kafka broker, after
 * signed deliveries) and evaluates every dashboard and rule expression that reads only metrics ingest exports, judged
 * by {@link QueryCheck}. The same check over all five services after the demo is the launcher's
 * {@code DashboardQueriesIT}, on the embedded stack; the harness ({@link PrometheusServer}, {@link Queries},
 * {@link PromQl}, {@link QueryCheck}) is shared with it through this module's test jar.
 */
class PrometheusQueriesIT {

    private static final String SECRET = "deploy-tests-secret";
    private static final Duration SCRAPES = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static Path prometheusBinary;
    private static ServiceProcess ingest;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startIngestAndPrometheus() {
        prometheusBinary = Executables.find("prometheus").orElse(null);
        assumeTrue(prometheusBinary != null, "prometheus is not installed (apt-get install prometheus, see .ci/run.d/deploy.sh)");
        KafkaTestBroker broker = KafkaTestBroker.shared();
        ingest = ServiceProcess.start(PlatformService.INGEST, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GITOPS_INGEST_SECRETS", SECRET), work.resolve("ingest"), Duration.ofSeconds(60));
        String delivery = UUID.randomUUID().toString();
        assertThat(deliver("push", delivery, SECRET).statusCode()).isEqualTo(202);
        assertThat(deliver("push", delivery, SECRET).statusCode()).as("duplicate").isEqualTo(202);
        assertThat(deliver("push", UUID.randomUUID().toString(), "wrong-secret").statusCode()).isEqualTo(401);
        assertThat(deliver("ping", UUID.randomUUID().toString(), SECRET).statusCode()).isEqualTo(202);
        prometheus = PrometheusServer.start(prometheusBinary, Map.of("ingest", ingest.target()), work.resolve("prometheus"));
        // Enough scrapes after the traffic for rate() and increase() to have two samples in their windows, and for
        // the rules to have been evaluated.
        Awaitility.await("four scrapes of ingest").atMost(SCRAPES).pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("count_over_time(up{job=\"ingest\"}[1m]) >= 4").empty());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void givenIngestScraped_whenItsMetricNamesAreListed_thenEveryNameDerivedFromIngestMetricsIsThere() {
        // Given
        Set<String> derived = ExportedMetrics.of(PlatformService.INGEST).prometheusNames();

        // When
        List<String> scraped = prometheus.metricNames("ingest");

        // Then
        assertThat(scraped).containsAll(derived);
        assertThat(scraped).containsAll(ExportedMetrics.STANDARD.keySet().stream()
                .filter(n -> n.startsWith("http_server_requests") || n.startsWith("jvm_") || n.equals("up")).toList());
    }

    @Test
    void givenIngestTraffic_whenEveryExpressionReadingOnlyIngestMetricsIsEvaluated_thenEachParsesMatchesSeriesAndPanelsHaveData() {
        // Given
        Set<String> available = new HashSet<>(prometheus.metricNames("ingest"));

        // When
        QueryCheck.Evaluation evaluation = evaluate(Queries.all(), available, Set.of("ingest"));

        // Then
        assertThat(evaluation.problems()).isEmpty();
        assertThat(evaluation.evaluated()).as("ingest's dashboard and rules are in scope")
                .anyMatch(q -> q.file().endsWith("ingest.json"))
                .anyMatch(q -> q.file().endsWith("ingest.yml"))
                .anyMatch(q -> q.file().endsWith("services.yml"));
        assertThat(evaluation.evaluated().stream().filter(q -> q.file().endsWith("ingest.json")))
                .hasSize((int) Queries.dashboards().stream().filter(q -> q.file().endsWith("ingest.json")).count());
    }

    @Test
    void givenAMisspeltLabelValueAndAnUnclosedParenthesis_whenEvaluated_thenBothAreReported() {
        // Given
        List<Queries.Query> broken = List.of(
                new Queries.Query("test", "misspelt outcome", Queries.Kind.PANEL,
                        "sum(rate(gitops_ingest_requests_total{outcome=\"acepted\"}[2m]))",
                        "sum(rate(gitops_ingest_requests_total{outcome=\"acepted\"}[2m]))"),
                new Queries.Query("test", "unclosed", Queries.Kind.ALERT,
                        "sum(rate(gitops_ingest_requests_total[2m])", "sum(rate(gitops_ingest_requests_total[2m])"));
        Set<String> available = new HashSet<>(prometheus.metricNames("ingest"));

        // When
        QueryCheck.Evaluation evaluation = evaluate(broken, available, Set.of("ingest"));

        // Then
        assertThat(evaluation.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("misspelt outcome", "no data"))
                .anySatisfy(p -> assertThat(p).contains("misspelt outcome", "matches no series"))
                .anySatisfy(p -> assertThat(p).contains("unclosed", "bad_data"));
    }

    @Test
    void givenTheRepositorysRules_whenPrometheusHasEvaluatedThem_thenEveryRuleIsHealthy() {
        // Given the rules of deploy/prometheus/rules, loaded by the running Prometheus

        // When
        Awaitility.await("every rule evaluated").atMost(SCRAPES).pollInterval(Duration.ofMillis(500))
                .until(() -> allRules().stream().noneMatch(r -> r.path("health").asText().equals("unknown")));
        List<JsonNode> rules = allRules();

        // Then
        assertThat(rules).hasSize(Queries.rules().size());
        assertThat(rules).allSatisfy(rule -> assertThat(rule.path("health").asText())
                .as(rule.path("name").asText() + ": " + rule.path("lastError").asText()).isEqualTo("ok"));
    }

    private static QueryCheck.Evaluation evaluate(List<Queries.Query> queries, Set<String> available, Set<String> jobs) {
        return QueryCheck.evaluate(prometheus, queries, available, jobs);
    }

    private static List<JsonNode> allRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : prometheus.rules()) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    private static HttpResponse<String> deliver(String event, String deliveryId, String secret) {
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"before\":\"" + "0".repeat(40) + "\",\"after\":\""
                + "a".repeat(40) + "\",\"repository\":{\"full_name\":\"acme/web\",\"name\":\"web\"},"
                + "\"sender\":{\"login\":\"dev\"},\"pusher\":{\"name\":\"dev\"},\"head_commit\":{\"id\":\""
                + "a".repeat(40) + "\",\"message\":\"change\",\"timestamp\":\"2025-01-01T00:00:00Z\"}}")
                .getBytes(StandardCharsets.UTF_8);
        return ingest.post("/webhooks/github", Map.of(
                "Content-Type", "application/json",
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature-256", sign(secret, body)), body);
    }

    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
