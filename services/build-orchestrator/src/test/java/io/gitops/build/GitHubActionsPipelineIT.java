package io.gitops.build;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gitops.build.exec.actions.GitHubActionsExecutor;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.image.JibBuilder;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.PipelineTopics;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.StageFinished;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The github-actions executor: the stages ran in the repository's workflow; the orchestrator follows the check runs
 * and the workflow run delivered on {@code webhook.received}, applies the same gates, and checks the registry for the
 * SHA tag (a WireMock registry answering the manifest HEAD).
 */
@WithKafka
@WithGitServer
class GitHubActionsPipelineIT {

    static final String DIGEST = "sha256:" + "ef".repeat(32);

    @TempDir
    static Path temp;

    @Provided
    static KafkaTestBroker broker;
    @Provided
    static LocalGitServer git;
    static WireMockServer registry;
    static BuildOrchestrator orchestrator;
    static RecordPipeline handler;

    @BeforeAll
    static void start() {
        registry = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
        registry.stubFor(head(urlPathMatching("/v2/acme/gha/manifests/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Docker-Content-Digest", DIGEST)));
        String image = "127.0.0.1:" + registry.port() + "/acme/gha";
        git.createRepository("acme", "gha", "main", SampleApp.files());
        git.createRepository("gitops", "config-gha", "main", Map.of("apps/gha/app.yaml",
                SampleApp.appYaml("gha", "acme/gha", image, "bash ci/test.sh", "")
                        .replace("executor: local", "executor: github-actions")));
        orchestrator = Orchestrators.start(Orchestrators.settings(broker.bootstrapServers(), temp.resolve("work"),
                git.repoUrl("gitops", "config-gha"), git.url() + "/{repo}.git", new JibBuilder(), Orchestrators.oci(),
                List.of(new LocalExecutor(4096), new GitHubActionsExecutor(Orchestrators.REPORTS, 4096)), 2));
        handler = Orchestrators.handler(orchestrator);
    }

    @AfterAll
    static void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    void givenAWorkflowThatReportedEveryStage_whenThePushArrives_thenTheGatesPassAndTheArtifactHasTheRegistryDigest() {
        String sha = git.commitAsOutsider("acme", "gha", "main", Map.of("CHANGELOG", "good\n"), "good");
        handler.handle(Webhooks.record(Webhooks.checkRun("acme/gha", sha, "lint", "success", null)));
        handler.handle(Webhooks.record(Webhooks.checkRun("acme/gha", sha, "gitops/test", "success",
                "gitops.tests.passed=12\ngitops.tests.failed=0\ngitops.tests.skipped=1\ngitops.coverage.line=91.5")));
        handler.handle(Webhooks.record(Webhooks.checkRun("acme/gha", sha, "build", "success", null)));
        handler.handle(Webhooks.record(Webhooks.workflowRun("acme/gha", sha, "success")));

        handler.handle(Webhooks.record(Webhooks.push("acme/gha", "main", sha)));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("gha", sha));
        assertThat(PipelineTopics.data(events, PipelineFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo(PipelineOutcome.SUCCEEDED));
        StageFinished test = PipelineTopics.data(events, StageFinished.class).get(1);
        assertThat(test.tests()).isEqualTo(new io.gitops.events.data.TestCounts(12, 0, 1));
        assertThat(test.gates()).anySatisfy(g -> assertThat(g.figure()).isEqualTo(91.5));
        assertThat(PipelineTopics.data(events, ArtifactPublished.class)).singleElement().satisfies(a -> {
            assertThat(a.digest()).isEqualTo(DIGEST);
            assertThat(a.gates()).anySatisfy(g -> assertThat(g.detail()).contains("pushed by github-actions"));
        });
    }

    @Test
    void givenAWorkflowReportingLowCoverage_whenThePushArrives_thenThePipelineFailsAtTestWithoutAnArtifact() {
        String sha = git.commitAsOutsider("acme", "gha", "main", Map.of("CHANGELOG", "low coverage\n"), "less tests");
        handler.handle(Webhooks.record(Webhooks.checkRun("acme/gha", sha, "lint", "success", null)));
        handler.handle(Webhooks.record(Webhooks.checkRun("acme/gha", sha, "test", "success",
                "gitops.tests.passed=3\ngitops.coverage.line=42")));

        handler.handle(Webhooks.record(Webhooks.push("acme/gha", "main", sha)));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("gha", sha));
        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.failedStage()).isEqualTo("test");
        assertThat(finished.reason()).contains("line coverage 42.0% is below the threshold 80.0%");
        assertThat(PipelineTopics.data(events, ArtifactPublished.class)).isEmpty();
    }

    @Test
    void givenAWorkflowThatFailedBeforeLint_whenThePushArrives_thenThePipelineFailsAtLint() {
        String sha = git.commitAsOutsider("acme", "gha", "main", Map.of("CHANGELOG", "broken\n"), "broken");
        handler.handle(Webhooks.record(Webhooks.workflowRun("acme/gha", sha, "failure")));

        handler.handle(Webhooks.record(Webhooks.push("acme/gha", "main", sha)));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("gha", sha));
        assertThat(PipelineTopics.data(events, PipelineFinished.class).get(0).failedStage()).isEqualTo("lint");
        assertThat(PipelineTopics.data(events, StageFinished.class).get(0).outputTail())
                .contains("concluded failure without a 'lint' check run");
    }
}
