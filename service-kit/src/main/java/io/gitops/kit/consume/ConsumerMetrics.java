package io.gitops.kit.consume;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The metrics every consumer of the platform shares, one name per fact whatever the service (Strimzi's
 * {@code MetricsHolder}): in Prometheus {@code gitops_consumer_records_total{service,topic,result}},
 * {@code gitops_consumer_dead_letters_total{service,topic,reason}}, {@code gitops_consumer_duplicates_total{service,topic}}
 * {@code gitops_consumer_retries_total{service,topic}} (one per backoff) and {@code gitops_consumer_backing_off{service,topic}}
 * (records waiting for another attempt now: a record retrying for long shows here, the consumer stays up). Series of the declared topics exist at zero from the start,
 * so dashboards and alerts see them before the first failure.
 */
public final class ConsumerMetrics {

    public static final String RECORDS = "gitops.consumer.records";
    public static final String DEAD_LETTERS = "gitops.consumer.dead.letters";
    public static final String DUPLICATES = "gitops.consumer.duplicates";
    public static final String RETRIES = "gitops.consumer.retries";
    public static final String BACKING_OFF = "gitops.consumer.backing.off";

    /** The {@code result} label of {@link #RECORDS}. */
    public enum Result {
        HANDLED, DUPLICATE, DEAD_LETTERED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> backingOff = new ConcurrentHashMap<>();

    /** @param topics the consumed topics, registered at zero */
    public ConsumerMetrics(MeterRegistry registry, String service, Collection<String> topics) {
        this.registry = registry;
        this.service = service;
        for (String topic : topics) {
            for (Result result : Result.values()) {
                records(topic, result);
            }
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                deadLetters(topic, reason);
            }
            duplicates(topic);
            retries(topic);
            backingOff(topic);
        }
    }

    public void handled(String topic) {
        records(topic, Result.HANDLED).increment();
    }

    public void duplicate(String topic) {
        records(topic, Result.DUPLICATE).increment();
        duplicates(topic).increment();
    }

    public void deadLettered(String topic, DeadLetterReason reason) {
        records(topic, Result.DEAD_LETTERED).increment();
        deadLetters(topic, reason).increment();
    }

    public void retried(String topic) {
        retries(topic).increment();
    }

    /** A record of {@code topic} starts ({@code +1}) or ends ({@code -1}) waiting for another attempt. */
    public void backingOff(String topic, int delta) {
        backingOff(topic).addAndGet(delta);
    }

    public int backingOffCount(String topic) {
        return backingOff(topic).get();
    }

    public double deadLetterCount(String topic, DeadLetterReason reason) {
        return deadLetters(topic, reason).count();
    }

    public double duplicateCount(String topic) {
        return duplicates(topic).count();
    }

    public double retryCount(String topic) {
        return retries(topic).count();
    }

    private AtomicInteger backingOff(String topic) {
        return backingOff.computeIfAbsent(topic, t -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(BACKING_OFF, value, AtomicInteger::get)
                    .description("Consumed records waiting for another attempt after a transient failure")
                    .tag("service", service).tag("topic", t).register(registry);
            return value;
        });
    }

    private Counter records(String topic, Result result) {
        return counter(RECORDS, topic, "result", result.label(), "Consumed records by how they ended");
    }

    private Counter deadLetters(String topic, DeadLetterReason reason) {
        return counter(DEAD_LETTERS, topic, "reason", reason.label(), "Records sent to their dead-letter topic");
    }

    private Counter duplicates(String topic) {
        return counter(DUPLICATES, topic, null, null, "Records skipped because their event id was handled");
    }

    private Counter retries(String topic) {
        return counter(RETRIES, topic, null, null, "Backoffs before another attempt at a transient failure");
    }

    private Counter counter(String name, String topic, String tag, String value, String description) {
        String key = name + '|' + topic + '|' + value;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).description(description)
                    .tag("service", service).tag("topic", topic);
            if (tag != null) {
                builder.tag(tag, value);
            }
            return builder.register(registry);
        });
    }
}
