package io.gitops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

/**
 * A real Prometheus (Debian's prometheus binary) on a temporary configuration: given scrape targets (job -> host:port,
 * path /q/metrics, 1 s interval), the repository's alert rules, a free port on 127.0.0.1 and a temporary TSDB.
 * Queries go through the HTTP API ({@code /api/v1/query}).
 */
public final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus scraping {@code targets} (job name -> host:port) and waits until it is ready. */
    public static PrometheusServer start(Path binary, Map<String, String> targets, Path directory) {
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                """);
        for (Path rules : Queries.ruleFiles()) {
            config.append("  - ").append(rules.toAbsolutePath()).append('\n');
        }
        config.append("scrape_configs:\n");
        targets.forEach((job, target) -> config.append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: /q/metrics\n")
                .append("    static_configs:\n")
                .append("      - targets: [\"").append(target).append("\"]\n"));
        int port = ServiceProcess.freePort();
        Path log = directory.resolve("prometheus.log");
        try {
            Files.createDirectories(directory);
            Path file = Files.writeString(directory.resolve("prometheus.yml"), config);
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + file,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, port, log);
            try {
                Awaitility.await("prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("prometheus exited: " + Files.readString(log));
                            }
                            return server.status("/-/ready") == 200;
                        });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of one instant query: status "success" or "error", the result array, the error text. */
    public record QueryResult(String query, String status, JsonNode result, String error) {

        public boolean ok() {
            return "success".equals(status);
        }

        public boolean empty() {
            return result == null || result.isEmpty() || result.isArray() && result.size() == 0;
        }
    }

    /** Evaluates {@code promql} now through /api/v1/query. */
    public QueryResult query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        if (data.path("resultType").asText().equals("scalar")) {
            result = JSON.createArrayNode().add(result);
        }
        return new QueryResult(promql, body.path("status").asText(), result,
                body.path("errorType").asText("") + " " + body.path("error").asText(""));
    }

    /** Metric names Prometheus has for a job. */
    public List<String> metricNames(String job) {
        QueryResult result = query("group by (__name__) ({job=\"" + job + "\"})");
        return java.util.stream.StreamSupport.stream(result.result().spliterator(), false)
                .map(n -> n.path("metric").path("__name__").asText()).sorted().toList();
    }

    /** /api/v1/rules: every rule with its health ("ok", "err", "unknown") and last error. */
    public JsonNode rules() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
