package io.gitops.kit.git.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.kit.Transience;

/**
 * JSON over HTTP to the GitHub REST API, with the headers GitHub asks for and an explicit timeout. The bearer token
 * is a secret: it goes only into the {@code Authorization} header, never into a message.
 */
public final class GitHubHttp {

    public static final String API_VERSION = "2022-11-28";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI base;
    private final Duration timeout;

    public GitHubHttp(HttpClient client, URI base, Duration timeout) {
        this.client = client;
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
    }

    /** A response: status, headers and parsed JSON body (null when empty or not JSON). */
    public record Response(int status, Map<String, List<String>> headers, JsonNode body) {
        /** GitHub's {@code message}, or the status. */
        public String message() {
            return body != null && body.hasNonNull("message") ? body.get("message").asText() : "HTTP " + status;
        }

        /** Whether the same request may succeed later (the kit's rule: a rate-limited 403 may, another 403 not). */
        public boolean transientFailure() {
            return Transience.isTransientResponse(status, headers);
        }
    }

    /** One request; {@code body} (any Jackson-serializable value) is sent as JSON when not null. */
    public Response send(String method, String path, String bearer, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "gitops-platform")
                .header("Authorization", "Bearer " + bearer);
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), parse(response.body()));
        } catch (IOException e) {
            throw new GitHubException(method + " " + path + " failed: " + e.getMessage(), 0, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(method + " " + path + " interrupted", 0, false, e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }
}
