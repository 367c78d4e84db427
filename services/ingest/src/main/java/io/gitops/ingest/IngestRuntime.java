package io.gitops.ingest;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.gitops.events.Topics;
import io.gitops.kit.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds and owns ingest's parts: secrets, ledger, publisher, metrics; creates the topic on start. */
@ApplicationScoped
public class IngestRuntime {

    private static final Logger LOG = Logger.getLogger(IngestRuntime.class);

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SignatureVerifier verifier;
    private DeliveryLedger ledger;
    private DeliveryLedgerLoader loader;
    private WebhookPublisher publisher;
    private IngestMetrics metrics;
    private Set<String> allowedEvents;

    void start(@Observes StartupEvent event) {
        List<byte[]> secrets = WebhookSecrets.load(config.secrets().orElse(List.of()),
                config.secretFiles().orElse(List.of()));
        verifier = new SignatureVerifier(secrets);
        allowedEvents = new HashSet<>(config.events());
        ledger = new DeliveryLedger(config.dedupeWindow(), config.dedupeMaxEntries(), Clock.systemUTC());
        metrics = new IngestMetrics(registry, ledger);
        publisher = new WebhookPublisher(bootstrapServers, config.ackTimeout());
        if (config.createTopics()) {
            try {
                TopicAdmin.ensureTopics(bootstrapServers, List.of(Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow()),
                        config.replicationFactor(), config.startupTimeout());
            } catch (IllegalStateException e) {
                LOG.warnf("could not ensure topic %s at start (readiness stays down until the broker answers): %s",
                        Topics.WEBHOOK_RECEIVED, e.getMessage());
            }
        }
        loader = new DeliveryLedgerLoader(bootstrapServers, Topics.WEBHOOK_RECEIVED, ledger, Clock.systemUTC());
        loader.start();
        LOG.infof("ingest ready to receive on /webhooks/github: %d secret(s), events %s, ack timeout %s",
                secrets.size(), config.events(), config.ackTimeout());
    }

    void stop(@Observes ShutdownEvent event) {
        if (loader != null) {
            loader.close();
        }
        if (publisher != null) {
            publisher.close();
        }
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

    public IngestConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
