package io.gitops.kit.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;

/**
 * Reads the manifest digest of a tag from any OCI distribution registry (Docker Registry v2, ECR, GHCR, ...):
 * {@code HEAD /v2/<name>/manifests/<tag>} accepting OCI manifests and indexes and Docker v2 manifests and lists, and
 * answers its {@code Docker-Content-Digest}; a bearer-token challenge is followed with the basic credentials. Loopback
 * hosts listed as insecure are spoken to over plain HTTP. The status decides transient or permanent
 * ({@link Transience}); a 404 is an answer (the tag is not there), not a failure.
 */
public final class OciManifests {

    /** What a manifest HEAD accepts: OCI manifest and index, Docker v2 manifest and manifest list. */
    public static final String ACCEPT = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final List<String> insecureHosts;
    private final Duration timeout;

    /**
     * @param insecureHosts hosts (with or without port) spoken to over plain HTTP
     * @param timeout       bound on connecting and on each request
     */
    public OciManifests(List<String> insecureHosts, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.insecureHosts = List.copyOf(insecureHosts);
        this.timeout = timeout;
    }

    /** Whether {@code host} ({@code name} or {@code name:port}) is spoken to over plain HTTP. */
    public boolean insecure(String host) {
        String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return insecureHosts.contains(name) || insecureHosts.contains(host);
    }

    /** The manifest digest of {@code host/path:tag}, empty when the registry does not have the tag. */
    public Outcome<Optional<String>> digest(String host, String path, String tag,
                                            Optional<RegistryCredentials> credentials) {
        String base = (insecure(host) ? "http://" : "https://") + host;
        URI uri = URI.create(base + "/v2/" + path + "/manifests/" + tag);
        try {
            HttpResponse<Void> response = head(uri, credentials.map(OciManifests::basic));
            if (response.statusCode() == 401) {
                Optional<String> token = bearerToken(response, credentials);
                if (token.isPresent()) {
                    response = head(uri, Optional.of("Bearer " + token.get()));
                }
            }
            int status = response.statusCode();
            if (status == 200) {
                return response.headers().firstValue("Docker-Content-Digest")
                        .<Outcome<Optional<String>>>map(d -> Outcome.success(Optional.of(d)))
                        .orElseGet(() -> Outcome.permanent("registry " + host
                                + " answered the manifest HEAD without Docker-Content-Digest"));
            }
            if (status == 404) {
                return Outcome.success(Optional.empty());
            }
            String reason = status == 401 || status == 403
                    ? "registry " + host + " refused access to " + path + " (HTTP " + status + ")"
                    : "registry " + host + " answered HTTP " + status + " for " + path + ":" + tag;
            return Transience.failure(reason, status, response.headers().map());
        } catch (IOException e) {
            return Transience.failure("registry " + host + " unreachable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            return Outcome.permanent("'" + host + "/" + path + ":" + tag + "' is not a registry address", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("interrupted while asking registry " + host, e);
        }
    }

    private HttpResponse<Void> head(URI uri, Optional<String> authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        authorization.ifPresent(a -> request.header("Authorization", a));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private Optional<String> bearerToken(HttpResponse<?> challenge, Optional<RegistryCredentials> credentials)
            throws IOException, InterruptedException {
        Optional<String> header = challenge.headers().firstValue("WWW-Authenticate");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAM.matcher(header.get());
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + query)).timeout(timeout).GET();
        credentials.ifPresent(c -> request.header("Authorization", basic(c)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        var json = new ObjectMapper().readTree(response.body());
        String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText(null);
        return Optional.ofNullable(token);
    }

    /** The {@code Authorization} value of basic credentials. */
    public static String basic(RegistryCredentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
    }
}
