package io.gitops.gitserver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers GitHub-style webhooks: POSTs the body with {@code X-GitHub-Event}, {@code X-GitHub-Delivery},
 * {@code X-Hub-Signature-256}, {@code Content-Type: application/json} and {@code User-Agent: GitHub-Hookshot/local}.
 * With retries configured ({@link WebhookOptions#maxAttempts()} above 1), a 5xx answer or a connection failure is
 * retried with exponential backoff, redelivering under the same delivery id (as a manual redelivery on GitHub keeps
 * it); by default there is one attempt, as GitHub makes. Any other non-2xx answer is final. Deliveries run one at a time on a background thread, in the
 * order they were sent. Logs show the delivery id, event, URL (without user info or query) and outcome, never the
 * secret.
 */
public final class WebhookSender implements AutoCloseable {

    public static final String USER_AGENT = "GitHub-Hookshot/local";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookOptions options;
    private final HttpClient client;
    private final ExecutorService executor;

    public WebhookSender(WebhookOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the {@code push} webhook for {@code push} under a new delivery id. */
    public CompletableFuture<WebhookDelivery> send(PushNotification push) {
        byte[] body = GitHubPushPayloads.toJsonBytes(push);
        String deliveryId = UUID.randomUUID().toString();
        LOG.info("Queued webhook delivery {} (push {} {} {}..{})", deliveryId, push.repositoryFullName(), push.ref(),
                abbreviate(push.before()), abbreviate(push.after()));
        return CompletableFuture.supplyAsync(() -> deliver("push", deliveryId, body), executor);
    }

    /** Delivers {@code body} now, on the calling thread, retrying as described above. */
    public WebhookDelivery deliver(String event, String deliveryId, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(options.url())
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(options.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        OptionalInt lastStatus = OptionalInt.empty();
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            String failure;
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                lastStatus = OptionalInt.of(status);
                if (status >= 200 && status < 300) {
                    LOG.info("Webhook delivery {} ({}) to {}: HTTP {} on attempt {}", deliveryId, event,
                            options.redactedUrl(), status, attempt);
                    return new WebhookDelivery(deliveryId, true, attempt, lastStatus);
                }
                if (status < 500) {
                    LOG.warn("Webhook delivery {} ({}) to {}: HTTP {} on attempt {}, not retried", deliveryId, event,
                            options.redactedUrl(), status, attempt);
                    return new WebhookDelivery(deliveryId, false, attempt, lastStatus);
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                lastStatus = OptionalInt.empty();
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Webhook delivery {} ({}) interrupted on attempt {}", deliveryId, event, attempt);
                return new WebhookDelivery(deliveryId, false, attempt, lastStatus);
            }
            if (attempt < options.maxAttempts()) {
                Duration backoff = options.initialBackoff().multipliedBy(1L << (attempt - 1));
                LOG.warn("Webhook delivery {} ({}) to {}: {} on attempt {}, retrying in {} ms", deliveryId, event,
                        options.redactedUrl(), failure, attempt, backoff.toMillis());
                if (!pause(backoff)) {
                    return new WebhookDelivery(deliveryId, false, attempt, lastStatus);
                }
            } else {
                LOG.warn("Webhook delivery {} ({}) to {}: {} on attempt {}, giving up", deliveryId, event,
                        options.redactedUrl(), failure, attempt);
            }
        }
        return new WebhookDelivery(deliveryId, false, options.maxAttempts(), lastStatus);
    }

    /** Stops accepting deliveries and waits (bounded) for queued ones to finish. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            long bound = options.requestTimeout().multipliedBy(options.maxAttempts()).toMillis();
            if (!executor.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String abbreviate(String sha) {
        return sha.substring(0, Math.min(7, sha.length()));
    }
}
