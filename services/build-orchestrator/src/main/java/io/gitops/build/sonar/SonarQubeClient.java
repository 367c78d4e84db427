package io.gitops.build.sonar;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;

/**
 * SonarQube's Web API, the calls the quality gate needs: {@code GET /api/ce/task?id=} (the analysis report's
 * processing status, its project and analysis id), {@code GET /api/project_analyses/search?project=} (the revision
 * an analysis of that project was made of) and {@code GET /api/qualitygates/project_status?analysisId=}. The token
 * travels as a bearer token and never appears in a message.
 */
public final class SonarQubeClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Optional<String> token;
    private final Duration timeout;

    public SonarQubeClient(Optional<String> token, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.token = token.filter(t -> !t.isBlank());
        this.timeout = timeout;
    }

    /**
     * The compute-engine task: its status (PENDING, IN_PROGRESS, SUCCESS, FAILED, CANCELED), analysis id and the
     * project it analysed ({@code componentKey}, null when the server does not say).
     */
    public record CeTask(String status, String analysisId, String errorMessage, String componentKey) {

        public CeTask(String status, String analysisId, String errorMessage) {
            this(status, analysisId, errorMessage, null);
        }

        public boolean done() {
            return !"PENDING".equals(status) && !"IN_PROGRESS".equals(status);
        }
    }

    public Outcome<CeTask> task(String serverUrl, String taskId) {
        Outcome<JsonNode> answer = get(serverUrl, "/api/ce/task", "id=" + encode(taskId));
        if (!(answer instanceof Outcome.Success<JsonNode> ok)) {
            return failure(answer);
        }
        JsonNode task = ok.value().path("task");
        if (!task.hasNonNull("status")) {
            return Outcome.permanent("SonarQube /api/ce/task answered without task.status");
        }
        return Outcome.success(new CeTask(task.path("status").asText(),
                task.hasNonNull("analysisId") ? task.path("analysisId").asText() : null,
                task.hasNonNull("errorMessage") ? task.path("errorMessage").asText() : null,
                task.hasNonNull("componentKey") ? task.path("componentKey").asText() : null));
    }

    /**
     * The revision (commit) analysis {@code analysisId} of project {@code projectKey} was made of, from the project's
     * latest 100 analyses: empty when the project has no such analysis; an empty string when it has no revision.
     */
    public Outcome<Optional<String>> analysisRevision(String serverUrl, String projectKey, String analysisId) {
        Outcome<JsonNode> answer = get(serverUrl, "/api/project_analyses/search", "project=" + encode(projectKey)
                + "&ps=100");
        if (!(answer instanceof Outcome.Success<JsonNode> ok)) {
            return failure(answer);
        }
        for (JsonNode analysis : ok.value().path("analyses")) {
            if (analysisId.equals(analysis.path("key").asText())) {
                return Outcome.success(Optional.of(analysis.path("revision").asText("")));
            }
        }
        return Outcome.success(Optional.empty());
    }

    public Outcome<QualityGateStatus> qualityGate(String serverUrl, String analysisId) {
        Outcome<JsonNode> answer = get(serverUrl, "/api/qualitygates/project_status",
                "analysisId=" + encode(analysisId));
        if (!(answer instanceof Outcome.Success<JsonNode> ok)) {
            return failure(answer);
        }
        JsonNode status = ok.value().path("projectStatus");
        if (!status.hasNonNull("status")) {
            return Outcome.permanent("SonarQube /api/qualitygates/project_status answered without projectStatus.status");
        }
        List<QualityGateStatus.Condition> conditions = new ArrayList<>();
        for (JsonNode c : status.path("conditions")) {
            conditions.add(new QualityGateStatus.Condition(c.path("metricKey").asText(), c.path("status").asText(),
                    c.path("comparator").asText(), c.path("errorThreshold").asText(), c.path("actualValue").asText()));
        }
        return Outcome.success(new QualityGateStatus(status.path("status").asText(), conditions));
    }

    /** Re-types a failed outcome. */
    static <T> Outcome<T> failure(Outcome<?> failed) {
        if (failed instanceof Outcome.PermanentFailure<?> p) {
            return Outcome.permanent(p.reason(), p.cause());
        }
        if (failed instanceof Outcome.TransientFailure<?> t) {
            return Outcome.transientFailure(t.reason(), t.cause());
        }
        throw new IllegalArgumentException("not a failure: " + failed);
    }

    private Outcome<JsonNode> get(String serverUrl, String path, String query) {
        String what = "SonarQube " + path;
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + path + "?" + query)).timeout(timeout)
                    .header("Accept", "application/json").GET();
        } catch (IllegalArgumentException e) {
            return Outcome.permanent(what + ": bad server URL " + serverUrl);
        }
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200) {
                return Outcome.success(JSON.readTree(response.body()));
            }
            String reason = status == 401 || status == 403 ? what + " refused the token (HTTP " + status + ")"
                    : what + " answered HTTP " + status;
            return Transience.failure(reason, status, response.headers().map());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Outcome.permanent(what + " answered something that is not JSON");
        } catch (IOException e) {
            return Transience.failure(what + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure(what + " interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
