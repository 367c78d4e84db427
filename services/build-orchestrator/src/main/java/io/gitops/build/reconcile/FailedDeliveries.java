package io.gitops.build.reconcile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops.build.settings.RedeliverySettings;
import io.gitops.kit.git.github.PemKeys;
import io.gitops.kit.git.github.RsaJwt;
import org.jboss.logging.Logger;

/**
 * Asks GitHub to redeliver the App's webhook deliveries that failed (GitHub never does by itself): lists
 * {@code GET /app/hook/deliveries} (newest first, {@code per_page=100}, following the {@code Link: rel="next"} cursor
 * back to {@code window}), groups the deliveries by {@code guid} (a redelivery keeps the event's guid), and for every
 * event whose deliveries all failed (no 2xx {@code status_code}) posts {@code POST /app/hook/deliveries/{id}/attempts}
 * for its newest delivery, once per guid per process. Authenticated as the App with an RS256 JWT (the service kit's
 * {@link RsaJwt}, the same the config-bumper signs with). The redelivered event reaches ingest as any webhook; the
 * orchestrator's ledger keeps a head the reconciler already built from being built twice.
 */
public final class FailedDeliveries {

    private static final Logger LOG = Logger.getLogger(FailedDeliveries.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 10;
    private static final int MAX_ASKED = 10_000;

    /** What one pass did. */
    public record Pass(int listed, int failedEvents, int redelivered, int refused) {
    }

    private final HttpClient client;
    private final URI api;
    private final String appId;
    private final PrivateKey key;
    private final Clock clock;
    private final Duration window;
    private final Duration timeout;
    /** guids already asked for, oldest first (bounded). */
    private final Set<String> asked = Collections.synchronizedSet(new LinkedHashSet<>());

    public FailedDeliveries(HttpClient client, URI api, String appId, PrivateKey key, Clock clock, Duration window,
                            Duration timeout) {
        this.client = client;
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base : base + "/");
        this.appId = appId;
        this.key = key;
        this.clock = clock;
        this.window = window;
        this.timeout = timeout;
    }

    /**
     * A pass to run before each reconcile round for {@code settings}: never throws (a failure is logged; the next
     * round asks again).
     *
     * @throws IllegalArgumentException when the private key file cannot be read or is not an RSA key (at start)
     */
    public static Runnable passes(RedeliverySettings settings, Clock clock) {
        PrivateKey key;
        try {
            key = PemKeys.rsaPrivateKey(java.nio.file.Files.readString(settings.privateKeyFile()));
        } catch (IOException e) {
            throw new IllegalArgumentException("gitops.build.redelivery.private-key-file " + settings.privateKeyFile()
                    + " cannot be read: " + e.getClass().getSimpleName());
        }
        Duration timeout = Duration.ofSeconds(30);
        FailedDeliveries deliveries = new FailedDeliveries(HttpClient.newBuilder().connectTimeout(timeout).build(),
                settings.apiUrl(), settings.appId(), key, clock, settings.window(), timeout);
        LOG.infof("failed deliveries of GitHub App %s are redelivered (last %s) before each reconcile round",
                settings.appId(), settings.window());
        return () -> {
            try {
                Pass pass = deliveries.redeliver();
                LOG.debugf("redelivery pass: %s", pass);
            } catch (RuntimeException e) {
                LOG.warnf("failed GitHub deliveries could not be redelivered, asked again next round: %s",
                        e.getMessage());
            }
        };
    }

    /**
     * One pass over the recent deliveries.
     *
     * @throws IllegalStateException when GitHub cannot be asked (no answer, 5xx, refused JWT); nothing was lost: the
     *                               next pass asks again
     */
    public Pass redeliver() {
        Instant now = clock.instant();
        String jwt = RsaJwt.sign(key, appId, now, RsaJwt.MAX_TTL);
        Instant since = now.minus(window);
        Map<String, List<JsonNode>> byGuid = new LinkedHashMap<>();
        int listed = 0;
        URI page = api.resolve("app/hook/deliveries?per_page=100");
        for (int pages = 0; page != null && pages < MAX_PAGES; pages++) {
            HttpResponse<byte[]> response = send("GET", page, jwt);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /app/hook/deliveries answered " + response.statusCode());
            }
            JsonNode items = parse(response.body());
            boolean older = false;
            for (JsonNode item : items) {
                listed++;
                Optional<Instant> at = instant(item.path("delivered_at").asText(null));
                if (at.isPresent() && at.get().isBefore(since)) {
                    older = true;
                    continue;
                }
                byGuid.computeIfAbsent(item.path("guid").asText(""), g -> new ArrayList<>()).add(item);
            }
            page = older ? null : next(response).filter(this::sameApi).orElse(null);
        }
        int failed = 0;
        int redelivered = 0;
        int refused = 0;
        for (Map.Entry<String, List<JsonNode>> event : byGuid.entrySet()) {
            List<JsonNode> deliveries = event.getValue();
            if (event.getKey().isEmpty() || deliveries.stream().anyMatch(FailedDeliveries::succeeded)) {
                continue;
            }
            failed++;
            if (asked.contains(event.getKey())) {
                continue;
            }
            JsonNode newest = deliveries.get(0);
            long id = newest.path("id").asLong();
            HttpResponse<byte[]> response = send("POST", api.resolve("app/hook/deliveries/" + id + "/attempts"),
                    jwt);
            if (response.statusCode() == 202) {
                remember(event.getKey());
                redelivered++;
                LOG.infof("GitHub redelivers %s delivery %d (event %s), which failed: %s", newest.path("event")
                        .asText(), id, event.getKey(), newest.path("status").asText());
            } else if (response.statusCode() >= 500 || response.statusCode() == 429) {
                throw new IllegalStateException("POST /app/hook/deliveries/" + id + "/attempts answered "
                        + response.statusCode());
            } else {
                remember(event.getKey());
                refused++;
                LOG.warnf("GitHub refused to redeliver delivery %d (event %s): HTTP %d", id, event.getKey(),
                        response.statusCode());
            }
        }
        return new Pass(listed, failed, redelivered, refused);
    }

    private void remember(String guid) {
        synchronized (asked) {
            asked.add(guid);
            if (asked.size() > MAX_ASKED) {
                asked.remove(asked.iterator().next());
            }
        }
    }

    private static boolean succeeded(JsonNode delivery) {
        int status = delivery.path("status_code").asInt(0);
        return status >= 200 && status < 300;
    }

    private HttpResponse<byte[]> send(String method, URI uri, String jwt) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "gitops-build-orchestrator")
                .header("Authorization", "Bearer " + jwt)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri.getPath() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri.getPath() + " interrupted", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isArray()) {
                throw new IllegalStateException("GET /app/hook/deliveries did not answer a JSON array");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("GET /app/hook/deliveries answered unreadable JSON", e);
        }
    }

    private static Optional<URI> next(HttpResponse<?> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT.matcher(link);
            if (next.find()) {
                try {
                    return Optional.of(URI.create(next.group(1)));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The JWT goes only to the configured API: a next page elsewhere is not followed. */
    private boolean sameApi(URI uri) {
        boolean same = api.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && api.getHost().equalsIgnoreCase(String.valueOf(uri.getHost())) && api.getPort() == uri.getPort();
        if (!same) {
            LOG.warnf("GitHub's next page %s is not on %s: not followed", uri.getHost(), api.getHost());
        }
        return same;
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
