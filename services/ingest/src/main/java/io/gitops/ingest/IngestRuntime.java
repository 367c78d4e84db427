package io.gitops.ingest;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gitops.events.Topics;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Assembles ingest from the service kit: a {@link ServiceLifecycle} that consumes nothing and produces
 * {@code gitops.webhook.received.v1} (creating it when configured), with ingest's parts (secrets, ledger, the
 * asynchronous webhook publisher, the ledger's loader, metrics) and the named readiness check
 * {@code deliveryLedgerLoaded}.
 */
@ApplicationScoped
public class IngestRuntime {

    static final String SERVICE = "ingest";
    private static final Logger LOG = Logger.getLogger(IngestRuntime.class);

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private volatile ServiceLifecycle lifecycle;
    private SignatureVerifier verifier;
    private DeliveryLedger ledger;
    private volatile DeliveryLedgerLoader loader;
    private WebhookPublisher publisher;
    private IngestMetrics metrics;
    private Set<String> allowedEvents;
    private BodyCap bodyCap;

    void start(@Observes StartupEvent event) {
        bodyCap = BodyCap.of(Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow(), config.maxBodyBytes());
        List<byte[]> secrets = WebhookSecrets.load(config.secrets().orElse(List.of()),
                config.secretFiles().orElse(List.of()));
        verifier = new SignatureVerifier(secrets);
        allowedEvents = new HashSet<>(config.events());
        ledger = new DeliveryLedger(config.dedupeWindow(), config.dedupeMaxEntries(), Clock.systemUTC());
        metrics = new IngestMetrics(registry, ledger);
        KafkaClientSettings kafka = KafkaClientSettings.from(kafkaConfig);
        ServiceLifecycle assembled = ServiceLifecycle.builder(SERVICE, kafka, ServiceSettings.from(config.service()),
                        registry)
                .produces(Topics.WEBHOOK_RECEIVED)
                .readiness("deliveryLedgerLoaded", () -> loader != null && loader.caughtUp())
                .build();
        assembled.start();
        publisher = assembled.closeOnStop(new WebhookPublisher(kafka, config.service().ackTimeout()));
        loader = assembled.closeOnStop(new DeliveryLedgerLoader(kafka, Topics.WEBHOOK_RECEIVED, ledger,
                Clock.systemUTC()));
        loader.start();
        lifecycle = assembled;
        assembled.ready();
        LOG.infof("ingest ready to receive on /webhooks/github: %d secret(s), events %s, ack timeout %s, "
                        + "bodies up to %d bytes (topic %s accepts records up to %d bytes)", secrets.size(),
                config.events(), config.service().ackTimeout(), bodyCap.maxBodyBytes(), bodyCap.topic(),
                bodyCap.topicMaxMessageBytes());
    }

    void stop(@Observes ShutdownEvent event) {
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    /** The assembled lifecycle (null until start-up has run). */
    public ServiceLifecycle lifecycle() {
        return lifecycle;
    }

    public SignatureVerifier verifier() {
        return verifier;
    }

    public DeliveryLedger ledger() {
        return ledger;
    }

    public DeliveryLedgerLoader loader() {
        return loader;
    }

    public WebhookPublisher publisher() {
        return publisher;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public boolean allowed(String event) {
        return allowedEvents.contains(event);
    }

    /** The body cap in force, derived from the webhook topic's declared record limit. */
    public BodyCap bodyCap() {
        return bodyCap;
    }

    public IngestConfig config() {
        return config;
    }
}
