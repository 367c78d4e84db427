package io.gitops.gitserver;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to deliver push webhooks.
 *
 * @param url            the receiver, e.g. {@code http://127.0.0.1:8081/webhooks/github}
 * @param secret         the shared secret signing each body ({@code X-Hub-Signature-256}); never printed
 * @param maxAttempts    attempts per delivery (first one included) when the receiver answers 5xx or is unreachable
 * @param initialBackoff wait before the second attempt, doubled before each further one
 * @param requestTimeout how long one attempt may take (GitHub gives up after 10 s)
 */
public record WebhookOptions(URI url, String secret, int maxAttempts, Duration initialBackoff,
        Duration requestTimeout) {

    public WebhookOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook url must be http(s): " + redact(url));
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("backoff must be >= 0 and the request timeout > 0");
        }
    }

    /** Wait before the first retry when retries are asked for ({@link #withRetries(int)}), doubled before each next. */
    public static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    /**
     * One attempt per delivery, as GitHub makes (it never redelivers a failed delivery by itself: a receiver that is
     * down misses the push), 10 s per attempt. Retries are an option: {@link #withRetries(int)}.
     */
    public static WebhookOptions of(URI url, String secret) {
        return new WebhookOptions(url, secret, 1, RETRY_BACKOFF, Duration.ofSeconds(10));
    }

    /** The same with {@code retries} more attempts after a failed one (5xx or no answer); 0: none. */
    public WebhookOptions withRetries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("webhook retries must be 0 or more, got " + retries);
        }
        return withRetries(retries + 1, RETRY_BACKOFF);
    }

    public WebhookOptions withRetries(int newMaxAttempts, Duration newInitialBackoff) {
        return new WebhookOptions(url, secret, newMaxAttempts, newInitialBackoff, requestTimeout);
    }

    /** The URL without user info, query or fragment: safe to log. */
    public String redactedUrl() {
        return redact(url);
    }

    @Override
    public String toString() {
        return "WebhookOptions[url=" + redactedUrl() + ", secret=***, maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", requestTimeout=" + requestTimeout + "]";
    }

    private static String redact(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
    }
}
