package io.gitops.build.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gitops.build.pipeline.PipelineSpec;
import io.gitops.config.PipelineConfig;
import io.gitops.kit.Retry;

/**
 * The stages of a pipeline registered as data (Kargo's step registry): each with its name, the cap on its timeout
 * (whatever app.yaml asks for) and its retry policy for transient failures, in the order
 * {@code lint → test → sast → build → push}. The runner reads the metadata from here instead of picking it itself.
 */
public final class StageRegistry {

    /** One registered stage and its metadata. */
    public record Entry(Stage stage, Duration maxTimeout, Retry retry) {

        public String name() {
            return stage.name();
        }

        /** The stage timeout of this pipeline: app.yaml's {@code stageTimeoutSeconds}, capped by the registry. */
        public Duration timeout(PipelineSpec spec) {
            return Duration.ofSeconds(Math.min(spec.app().pipeline().stageTimeoutSeconds(), maxTimeout.toSeconds()));
        }
    }

    private final List<Entry> entries;

    private StageRegistry(List<Entry> entries) {
        List<String> names = entries.stream().map(Entry::name).toList();
        if (!names.equals(PipelineConfig.STAGE_ORDER)) {
            throw new IllegalArgumentException("stages must be " + PipelineConfig.STAGE_ORDER + ", not " + names);
        }
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry get(int index) {
        return entries.get(index);
    }

    public int size() {
        return entries.size();
    }

    /** Registers stages in pipeline order. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        public Builder register(Stage stage, Duration maxTimeout, Retry retry) {
            entries.add(new Entry(stage, maxTimeout, retry));
            return this;
        }

        public StageRegistry build() {
            return new StageRegistry(entries);
        }
    }
}
