package io.gitops.ingest;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The ingest service's metrics. Names are Micrometer names; Prometheus shows them with {@code _total} and
 * {@code _seconds} suffixes, e.g. {@code gitops_ingest_requests_total}.
 */
public final class IngestMetrics {

    public static final String REQUESTS = "gitops.ingest.requests";
    public static final String REQUEST_DURATION = "gitops.ingest.request.duration";
    public static final String BROKER_ACK_DURATION = "gitops.ingest.broker.ack.duration";
    public static final String DUPLICATES = "gitops.ingest.duplicates";
    public static final String REJECTS = "gitops.ingest.rejects";
    public static final String LEDGER_SIZE = "gitops.ingest.dedupe.ledger.size";

    private static final Set<String> KNOWN_EVENTS = Set.of("push", "pull_request", "workflow_run", "workflow_job",
            "check_run", "check_suite", "create", "delete", "ping", "release", "issues", "issue_comment",
            "pull_request_review", "deployment", "deployment_status", "status", "installation", "repository");

    /** How a request ended. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, IGNORED, PING, UNAUTHORIZED, BAD_REQUEST, TOO_LARGE, UNAVAILABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer brokerAck;
    private final Counter duplicates;
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejects = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry, DeliveryLedger ledger) {
        this.registry = registry;
        this.brokerAck = Timer.builder(BROKER_ACK_DURATION)
                .description("Time from handing an event to the producer to the broker's acks=all acknowledgement")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Deliveries answered 202 without publishing because their delivery id was already published")
                .register(registry);
        registry.gauge(LEDGER_SIZE, ledger, DeliveryLedger::size);
        for (Outcome outcome : Outcome.values()) {
            requestCounter("push", outcome);
        }
        for (String reason : new String[] {"missing_signature", "bad_signature", "malformed", "too_large",
                "record_too_large", "broker_unavailable", "in_flight"}) {
            rejectCounter(reason);
        }
    }

    static String eventTag(String event) {
        return event != null && KNOWN_EVENTS.contains(event) ? event : "other";
    }

    private Counter requestCounter(String event, Outcome outcome) {
        String key = eventTag(event) + "|" + outcome.tag();
        return requests.computeIfAbsent(key, k -> Counter.builder(REQUESTS)
                .description("Webhook deliveries by event type and outcome")
                .tag("event", eventTag(event))
                .tag("outcome", outcome.tag())
                .register(registry));
    }

    private Counter rejectCounter(String reason) {
        return rejects.computeIfAbsent(reason, r -> Counter.builder(REJECTS)
                .description("Deliveries not accepted, by reason")
                .tag("reason", r)
                .register(registry));
    }

    public void request(String event, Outcome outcome, long startNanos) {
        requestCounter(event, outcome).increment();
        durations.computeIfAbsent(outcome.tag(), o -> Timer.builder(REQUEST_DURATION)
                        .description("Webhook request handling time, from the first byte read to the response")
                        .tag("outcome", o)
                        .publishPercentileHistogram()
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (outcome == Outcome.DUPLICATE) {
            duplicates.increment();
        }
    }

    public void reject(String reason) {
        rejectCounter(reason).increment();
    }

    public void brokerAck(long nanos) {
        brokerAck.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
