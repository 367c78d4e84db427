package io.gitops.build;

import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.build.settings.BuildSettings;
import io.gitops.events.Topics;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.ChannelWorker;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Assembles the build-orchestrator from {@code gitops.build.*} on the shared {@link ServiceLifecycle} and starts it
 * with the application. The webhook consumer's {@link RecordPipeline} exists from the first call (it waits for the
 * lifecycle's start-up gate, opened once the pipeline history and the config catalog are loaded).
 */
@ApplicationScoped
public class BuildRuntime {

    private static final Logger LOG = Logger.getLogger(BuildRuntime.class);

    @Inject
    BuildConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Webhook records taken and not settled yet, across partitions (docs/adr/0002). */
    static final int MAX_IN_FLIGHT = 16;

    private volatile BuildOrchestrator orchestrator;
    private ServiceLifecycle lifecycle;
    private RecordPipeline webhooks;
    private ChannelWorker webhookWorker;

    @PostConstruct
    void assemble() {
        lifecycle = BuildLifecycle.of(KafkaClientSettings.from(kafkaConfig), ServiceSettings.from(config.service()),
                registry, () -> orchestrator);
        webhooks = lifecycle.pipeline(event -> orchestrator.starter().handle(event)).build();
        webhookWorker = lifecycle.closeOnStop(ChannelWorker.perPartition("webhooks", webhooks, MAX_IN_FLIGHT));
    }

    void start(@Observes StartupEvent event) {
        BuildSettings settings = BuildSettings.from(config);
        BuildParts parts = BuildParts.assemble(settings, () -> kubernetes.get());
        BuildOrchestrator built = new BuildOrchestrator(settings, parts, lifecycle, new BuildMetrics(registry));
        orchestrator = built;
        built.start();
        LOG.infof("build-orchestrator started: image builder %s, max %d pipelines in parallel, consuming %s",
                parts.imageBuilder().name(), settings.limits().maxParallel(), Topics.WEBHOOK_RECEIVED);
    }

    void stop(@Observes ShutdownEvent event) {
        if (orchestrator != null) {
            orchestrator.close();
        } else {
            lifecycle.close();
        }
    }

    public BuildOrchestrator orchestrator() {
        return orchestrator;
    }

    public ServiceLifecycle lifecycle() {
        return lifecycle;
    }

    /** The webhook consumer's pipeline (decode, dedupe, start-up gate, retry, dead letter) around the starter. */
    public RecordPipeline webhooks() {
        return webhooks;
    }

    /** Runs the webhook channel's records through {@link #webhooks()} off the connector's thread (ack/nack). */
    public ChannelWorker webhookWorker() {
        return webhookWorker;
    }
}
