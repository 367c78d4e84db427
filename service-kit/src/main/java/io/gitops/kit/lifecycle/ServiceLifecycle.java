package io.gitops.kit.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.gitops.events.Topics;
import io.gitops.kit.DeadLetters;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.RecentIds;
import io.gitops.kit.TopicAdmin;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * The lifecycle every service shares (Kroxylicious' written lifecycle contracts), so each service only assembles
 * its parts:
 * <ol>
 *   <li>{@link #builder} declares what the service consumes (each with its dead-letter topic) and produces, and the
 *       named readiness checks of its own parts;</li>
 *   <li>{@link #start()} creates the declared topics when {@code create-topics} is on (a broker that is away is
 *       logged, readiness stays down until it answers) and the publisher; it runs once, whoever calls it first;</li>
 *   <li>the service builds its parts, registering each with {@link #closeOnStop}, then calls {@link #ready()}:
 *       consumers' {@link RecordPipeline}s wait for that (bounded by {@code startup-timeout});</li>
 *   <li>{@link #readiness()} is up when the broker answers, the service is ready and every named check passes; it
 *       also shows the service's readiness data;</li>
 *   <li>{@link #close()} closes the parts in the reverse order of registration, then the publisher.</li>
 * </ol>
 */
public final class ServiceLifecycle implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceLifecycle.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final String service;
    private final KafkaClientSettings kafka;
    private final ServiceSettings settings;
    private final List<String> consumed;
    private final List<String> produced;
    private final Map<String, BooleanSupplier> checks;
    private final Map<String, Supplier<?>> data;
    private final ConsumerMetrics consumerMetrics;
    private final StartupGate gate = new StartupGate();
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private volatile EventPublisher publisher;
    private volatile DeadLetters deadLetters;
    private Admin probe;
    private boolean closed;

    private ServiceLifecycle(Builder b) {
        this.service = b.service;
        this.kafka = b.kafka;
        this.settings = b.settings;
        this.consumed = List.copyOf(b.consumed);
        this.produced = List.copyOf(b.produced);
        this.checks = new LinkedHashMap<>(b.checks);
        this.data = new LinkedHashMap<>(b.data);
        this.consumerMetrics = new ConsumerMetrics(b.registry, service, consumed);
    }

    public static Builder builder(String service, KafkaClientSettings kafka, ServiceSettings settings,
                                  MeterRegistry registry) {
        return new Builder(service, kafka, settings, registry);
    }

    /** Creates the declared topics (when configured) and the publisher; later calls do nothing. */
    public synchronized ServiceLifecycle start() {
        if (closed) {
            throw new IllegalStateException(service + " is stopped");
        }
        if (publisher != null) {
            return this;
        }
        if (settings.createTopics()) {
            try {
                TopicAdmin.ensureTopics(kafka, topicSpecs(), settings.replicationFactor(), settings.startupTimeout());
            } catch (IllegalStateException e) {
                LOG.warnf("could not ensure the topics at start (readiness stays down until the broker answers): %s",
                        e.getMessage());
            }
        }
        publisher = EventPublisher.create(kafka, service, settings.ackTimeout(), Map.of());
        deadLetters = new DeadLetters(publisher, service);
        LOG.infof("%s: kafka %s (%s), consumes %s, produces %s", service, kafka.bootstrapServers(),
                kafka.securityProtocol(), consumed, produced);
        return this;
    }

    /** The topics this service declares: what it produces, what it consumes and the consumed topics' DLQs. */
    public List<Topics.TopicSpec> topicSpecs() {
        Set<Topics.TopicSpec> specs = new LinkedHashSet<>();
        for (String topic : produced) {
            specs.add(spec(topic));
        }
        for (String topic : consumed) {
            specs.add(spec(topic));
            specs.add(spec(topic).deadLetter());
        }
        return new ArrayList<>(specs);
    }

    private static Topics.TopicSpec spec(String topic) {
        return Topics.spec(topic).orElseThrow(() -> new IllegalArgumentException("no such topic: " + topic));
    }

    /** Registers a part to close on stop (closed in the reverse order of registration); returns it. */
    public synchronized <T extends AutoCloseable> T closeOnStop(T part) {
        parts.push(part);
        return part;
    }

    /** Opens the start-up gate: consumers may handle input from now on. */
    public void ready() {
        gate.open();
        LOG.infof("%s ready", service);
    }

    /**
     * A consumer pipeline for this service: its dead letters, dedupe capacity, retry policy, start-up gate and the
     * shared consumer metrics; the service supplies only the handler. Starts the lifecycle if it was not.
     */
    public RecordPipeline.Builder pipeline(RecordPipeline.Handler handler) {
        start();
        return RecordPipeline.builder()
                .handler(handler)
                .deadLetters(deadLetters::send)
                .metrics(consumerMetrics)
                .dedupe(new RecentIds(settings.dedupeCapacity()))
                .retry(settings.retry())
                .startupGate(gate, settings.startupTimeout());
    }

    public EventPublisher publisher() {
        start();
        return publisher;
    }

    public DeadLetters deadLetters() {
        start();
        return deadLetters;
    }

    public StartupGate gate() {
        return gate;
    }

    public boolean isReady() {
        return gate.isOpen();
    }

    public ConsumerMetrics consumerMetrics() {
        return consumerMetrics;
    }

    public KafkaClientSettings kafka() {
        return kafka;
    }

    public ServiceSettings settings() {
        return settings;
    }

    public String service() {
        return service;
    }

    /** Up when the broker answers, the service is ready and each named check passes; each result is in the data. */
    public ReadinessReport readiness() {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean broker = brokerReachable();
        boolean up = broker && gate.isOpen();
        data.put("brokerReachable", broker);
        data.put("started", gate.isOpen());
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok = safely(check.getValue());
            data.put(check.getKey(), ok);
            up &= ok;
        }
        for (Map.Entry<String, Supplier<?>> extra : this.data.entrySet()) {
            Object value = value(extra.getValue());
            if (value != null) {
                data.put(extra.getKey(), value);
            }
        }
        return new ReadinessReport(service, up, data);
    }

    private static Object value(Supplier<?> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            LOG.debugf("readiness data failed: %s", e.toString());
            return null;
        }
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debugf("readiness check failed: %s", e.toString());
            return false;
        }
    }

    private synchronized boolean brokerReachable() {
        if (closed) {
            return false;
        }
        if (probe == null) {
            probe = TopicAdmin.admin(kafka, PROBE_TIMEOUT);
        }
        return TopicAdmin.reachable(probe, PROBE_TIMEOUT);
    }

    /** Closes every registered part (last registered first), then the publisher and the broker probe. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warnf("%s: closing %s failed: %s", service, part, e.getMessage());
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (probe != null) {
            probe.close(Duration.ofSeconds(1));
        }
    }

    /** Declares a service's topics and readiness checks. */
    public static final class Builder {
        private final String service;
        private final KafkaClientSettings kafka;
        private final ServiceSettings settings;
        private final MeterRegistry registry;
        private final List<String> consumed = new ArrayList<>();
        private final List<String> produced = new ArrayList<>();
        private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        private final Map<String, Supplier<?>> data = new LinkedHashMap<>();

        private Builder(String service, KafkaClientSettings kafka, ServiceSettings settings, MeterRegistry registry) {
            this.service = service;
            this.kafka = kafka;
            this.settings = settings;
            this.registry = registry;
        }

        /** Topics the service consumes; each gets its dead-letter topic. */
        public Builder consumes(String... topics) {
            consumed.addAll(List.of(topics));
            return this;
        }

        /** Topics the service produces. */
        public Builder produces(String... topics) {
            produced.addAll(List.of(topics));
            return this;
        }

        /** A named readiness check of one of the service's parts (e.g. "configRepositoryFetched"). */
        public Builder readiness(String name, BooleanSupplier check) {
            checks.put(name, check);
            return this;
        }

        /** The same, for a part that does not exist yet when the lifecycle is built (false until it does). */
        public <T> Builder readiness(String name, Supplier<T> part, java.util.function.Predicate<T> check) {
            checks.put(name, () -> {
                T value = part.get();
                return value != null && check.test(value);
            });
            return this;
        }

        /**
         * A value shown with the readiness answer that does not decide it (e.g. queued pipelines, owned partitions);
         * left out while it is null or fails.
         */
        public Builder readinessData(String name, Supplier<?> value) {
            data.put(name, value);
            return this;
        }

        public ServiceLifecycle build() {
            return new ServiceLifecycle(this);
        }
    }
}
