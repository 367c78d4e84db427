package io.gitops.build;

import java.util.Optional;
import java.util.function.Supplier;

import io.gitops.build.pipeline.PipelineScheduler;
import io.gitops.events.Topics;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the build-orchestrator declares on the lifecycle every service shares: it consumes
 * {@code gitops.webhook.received.v1} (with its DLQ), produces {@code gitops.pipeline.v1} and
 * {@code gitops.artifact.published.v1}, and is ready only once the pipeline history was read back (so no commit is
 * built twice) and the config repository was read at least once.
 */
public final class BuildLifecycle {

    /** The service name: client id, {@code source} of its events, {@code service} label of the shared metrics. */
    public static final String SERVICE = "build-orchestrator";
    public static final String HISTORY_LOADED = "pipelineHistoryLoaded";
    public static final String CONFIG_LOADED = "configRepositoryLoaded";

    private BuildLifecycle() {
    }

    /** @param orchestrator the orchestrator once it exists (null before: not ready) */
    public static ServiceLifecycle of(KafkaClientSettings kafka, ServiceSettings settings, MeterRegistry registry,
                                      Supplier<BuildOrchestrator> orchestrator) {
        return ServiceLifecycle.builder(SERVICE, kafka, settings, registry)
                .consumes(Topics.WEBHOOK_RECEIVED)
                .produces(Topics.PIPELINE, Topics.ARTIFACT_PUBLISHED)
                .readiness(HISTORY_LOADED, orchestrator, BuildOrchestrator::historyLoaded)
                .readiness(CONFIG_LOADED, orchestrator, BuildOrchestrator::configLoaded)
                .readinessData("queued", () -> scheduler(orchestrator).map(PipelineScheduler::queued).orElse(null))
                .readinessData("running", () -> scheduler(orchestrator).map(PipelineScheduler::running).orElse(null))
                .build();
    }

    private static Optional<PipelineScheduler> scheduler(Supplier<BuildOrchestrator> orchestrator) {
        return Optional.ofNullable(orchestrator.get()).map(BuildOrchestrator::scheduler);
    }
}
