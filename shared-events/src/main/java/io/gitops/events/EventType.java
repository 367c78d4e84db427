package io.gitops.events;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.EventData;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageStarted;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.WebhookReceived;

/**
 * Every event type of version 1: its CloudEvents {@code type}, its data record, the topic it is published on, and
 * its JSON Schema (a classpath resource, also the {@code dataschema} attribute).
 */
public enum EventType {
    WEBHOOK_RECEIVED("io.gitops.webhook.received.v1", WebhookReceived.class, Topics.WEBHOOK_RECEIVED),
    PIPELINE_QUEUED("io.gitops.pipeline.queued.v1", PipelineQueued.class, Topics.PIPELINE),
    STAGE_STARTED("io.gitops.pipeline.stage.started.v1", StageStarted.class, Topics.PIPELINE),
    STAGE_FINISHED("io.gitops.pipeline.stage.finished.v1", StageFinished.class, Topics.PIPELINE),
    PIPELINE_FINISHED("io.gitops.pipeline.finished.v1", PipelineFinished.class, Topics.PIPELINE),
    ARTIFACT_PUBLISHED("io.gitops.artifact.published.v1", ArtifactPublished.class, Topics.ARTIFACT_PUBLISHED),
    CONFIG_CHANGED("io.gitops.config.changed.v1", ConfigChanged.class, Topics.CONFIG_CHANGED),
    SYNC_STARTED("io.gitops.sync.started.v1", SyncStarted.class, Topics.SYNC),
    SYNC_SUCCEEDED("io.gitops.sync.succeeded.v1", SyncSucceeded.class, Topics.SYNC),
    SYNC_FAILED("io.gitops.sync.failed.v1", SyncFailed.class, Topics.SYNC),
    DRIFT_DETECTED("io.gitops.sync.drift.detected.v1", DriftDetected.class, Topics.SYNC),
    DRIFT_HEALED("io.gitops.sync.drift.healed.v1", DriftHealed.class, Topics.SYNC),
    ROLLED_BACK("io.gitops.sync.rolled-back.v1", RolledBack.class, Topics.SYNC),
    ROLLOUT_PROGRESSING("io.gitops.rollout.progressing.v1", RolloutProgressing.class, Topics.ROLLOUT),
    ROLLOUT_HEALTHY("io.gitops.rollout.healthy.v1", RolloutHealthy.class, Topics.ROLLOUT),
    ROLLOUT_FAILED("io.gitops.rollout.failed.v1", RolloutFailed.class, Topics.ROLLOUT);

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final String topic;

    EventType(String type, Class<? extends EventData> dataClass, String topic) {
        this.type = type;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    public String topic() {
        return topic;
    }

    /** Classpath location of the JSON Schema of this type's data. */
    public String schemaResource() {
        return "schemas/v1/" + type + ".schema.json";
    }

    /** The CloudEvents {@code dataschema} attribute. */
    public URI dataSchema() {
        return URI.create("urn:io.gitops:schema:" + type);
    }

    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(Class<? extends EventData> dataClass) {
        return Arrays.stream(values()).filter(t -> t.dataClass.equals(dataClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + dataClass.getName()));
    }
}
