package io.gitops.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.build.image.JibBuilder;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.PipelineTopics;
import io.gitops.build.testing.RegistryProcess;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.StageStarted;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart in the middle of a pipeline: the state comes back from {@code pipeline.v1}, the pipeline finishes once,
 * from its unfinished stage with attempt 2, and downstream sees one artifact.
 */
@WithKafka
@WithGitServer
class RestartMidPipelineIT {

    @TempDir
    Path temp;

    @Test
    void givenAPipelineRunningItsTestStage_whenTheServiceRestarts_thenItResumesAtTestAndPublishesOneArtifact(
            KafkaTestBroker broker, LocalGitServer git) throws Exception {
        assumeTrue(RegistryProcess.installed(), "docker-registry is not installed (apt-get install docker-registry)");
        Path release = temp.resolve("release");
        try (RegistryProcess registry = RegistryProcess.start(temp.resolve("registry"))) {
            git.createRepository("gitops", "config-restart", "main", Map.of("apps/resumed/app.yaml",
                    SampleApp.appYaml("resumed", "acme/resumed", registry.host() + "/acme/resumed",
                            "while [ ! -f " + release + " ]; do sleep 0.05; done; bash ci/test.sh", "")));
            String sha = git.createRepository("acme", "resumed", "main", SampleApp.files());
            String pipelineId = PipelineIds.of("resumed", sha);
            var settings = Orchestrators.settings(broker.bootstrapServers(), temp.resolve("work"),
                    git.repoUrl("gitops", "config-restart"), git.url() + "/{repo}.git", new JibBuilder(),
                    Orchestrators.oci());
            BuildOrchestrator first = Orchestrators.start(settings);
            Orchestrators.handler(first).handle(Webhooks.record(Webhooks.push("acme/resumed", "main", sha)));
            PipelineTopics.read(broker, pipelineId, events -> PipelineTopics.data(events, StageStarted.class).stream()
                    .anyMatch(s -> s.stage().equals("test")), Duration.ofSeconds(60));
            first.close();
            Files.writeString(release, "go");

            try (BuildOrchestrator second = Orchestrators.start(settings)) {
                List<Event<?>> events = PipelineTopics.untilFinished(broker, pipelineId);

                assertThat(PipelineTopics.data(events, PipelineFinished.class)).singleElement()
                        .satisfies(f -> assertThat(f.outcome()).isEqualTo(PipelineOutcome.SUCCEEDED));
                assertThat(PipelineTopics.data(events, StageStarted.class)).extracting(s -> s.stage() + "#"
                        + s.attempt()).containsExactly("lint#1", "test#1", "test#2", "sast#1", "build#1", "push#1");
                assertThat(PipelineTopics.data(PipelineTopics.read(broker, pipelineId, e -> PipelineTopics
                        .data(e, ArtifactPublished.class).size() > 1, Duration.ofSeconds(2)), ArtifactPublished.class))
                        .singleElement().satisfies(a -> assertThat(a.tag()).isEqualTo(sha));
                assertThat(second.ledger().exists("resumed", sha)).isTrue();
                assertThat(second.ledger().unfinished()).isEmpty();
            }
        }
    }
}
