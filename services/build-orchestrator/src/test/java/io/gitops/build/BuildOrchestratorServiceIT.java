package io.gitops.build;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.testing.BuildStackResource;
import io.gitops.build.testing.PipelineTopics;
import io.gitops.build.testing.RegistryProcess;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.StageFinished;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The service on the in-JVM broker: a push on {@code webhook.received} in, pipeline events and the artifact out. */
@QuarkusTest
@WithTestResource(BuildStackResource.class)
class BuildOrchestratorServiceIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    private void publish(Event<?> event) {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()), "test-ingest",
                Duration.ofSeconds(10), Map.of())) {
            publisher.publish(event);
        }
    }

    @Test
    void givenAPushToTheTrackedBranch_whenConsumed_thenPipelineEventsAndOneArtifactTaggedWithTheShaArePublished() {
        assumeTrue(RegistryProcess.installed(), "docker-registry is not installed (apt-get install docker-registry)");
        String sha = BuildStackResource.shopCommit;

        publish(Webhooks.push("acme/shop", "main", sha));

        List<Event<?>> events = PipelineTopics.read(broker, PipelineIds.of("shop", sha), e -> e.stream()
                .anyMatch(x -> x.data() instanceof PipelineFinished), Duration.ofSeconds(120));
        assertThat(PipelineTopics.data(events, StageFinished.class)).extracting(StageFinished::stage)
                .containsExactly("lint", "test", "sast", "build", "push");
        assertThat(PipelineTopics.data(events, PipelineFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo(PipelineOutcome.SUCCEEDED));
        assertThat(PipelineTopics.data(events, ArtifactPublished.class)).singleElement().satisfies(a -> {
            assertThat(a.tag()).isEqualTo(sha);
            assertThat(a.digest()).startsWith("sha256:");
        });
    }

    @Test
    void givenAnAppAddedToTheConfigRepository_whenTheConfigPushAndThenItsSourcePushArrive_thenItIsBuilt() {
        String sha = BuildStackResource.git.createRepository("acme", "late", "main", Map.of("README", "late\n"));
        BuildStackResource.git.commitAsOutsider("gitops", "config", "main", Map.of("apps/late/app.yaml",
                SampleApp.appYaml("late", "acme/late", "127.0.0.1:1/acme/late", "bash ci/test.sh", "")), "add late");

        publish(Webhooks.push("gitops/config", "main", BuildStackResource.git.headOf("gitops", "config", "main")));
        publish(Webhooks.push("acme/late", "main", sha));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("late", sha));
        assertThat(PipelineTopics.data(events, PipelineFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.failedStage()).isEqualTo("lint"));
    }

    @Test
    void givenABranchDeletion_whenConsumed_thenItIsIgnoredAndCountedAndTheServiceIsHealthy() {
        publish(Webhooks.push("acme/shop", "feature", Webhooks.ZERO));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .statusCode(200).body(containsString("gitops_build_triggers_total{decision=\"branch-deleted\"} 1.0")));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body(containsString("configRepositoryLoaded"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_build_queue_depth"))
                .body(containsString("gitops_build_running"))
                .body(containsString("gitops_build_gate_failures_total{gate=\"coverage\"}"))
                .body(containsString("gitops_build_config_problems"));
    }
}
