package io.gitops.build.dockerfile;

import java.util.List;
import java.util.Optional;

/** A parsed Dockerfile: its stages in order. */
public record Dockerfile(List<DockerfileStage> stages) {

    public Dockerfile {
        stages = List.copyOf(stages);
    }

    public DockerfileStage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The earlier stage that {@code name} (alias or index) refers to, before position {@code before}. */
    public Optional<DockerfileStage> stage(String name, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (stages.get(i).named(name)) {
                return Optional.of(stages.get(i));
            }
        }
        return Optional.empty();
    }
}
