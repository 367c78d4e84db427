package io.gitops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gitops.build.image.JibBuilder;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.reconcile.SourceReconciler;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.PipelineTopics;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.Event;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.PipelineTrigger;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes no webhook announced (the Git host's delivery failed, or ingest was down), found by the reconciler's
 * {@code ls-remote} of the tracked branch on a real Git server and built with trigger {@code RECONCILE}; a head a
 * webhook also delivers is built once; nothing moved starts nothing; a restart does not rebuild old heads.
 * The pipelines' images go to a registry that is not there: what is checked here is what gets queued.
 */
@WithKafka
@WithGitServer
class ReconcileIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** For the tests that run the rounds themselves: no scheduled round within the test. */
    private static final Duration MANUAL = Duration.ofHours(1);

    @TempDir
    Path temp;

    private Orchestrators.Setup setup(KafkaTestBroker broker, LocalGitServer git, String config, String app,
                                      Duration interval) {
        git.createRepository("gitops", config, "main", Map.of("apps/" + app + "/app.yaml",
                SampleApp.appYaml(app, "acme/" + app, "127.0.0.1:1/acme/" + app, "bash ci/test.sh", "")));
        Orchestrators.Setup setup = Orchestrators.settings(broker.bootstrapServers(), temp.resolve("work-" + app),
                git.repoUrl("gitops", config), git.url() + "/{repo}.git", new JibBuilder(), Orchestrators.oci());
        return new Orchestrators.Setup(setup.kafka(), setup.service(),
                setup.settings().withReconcileInterval(interval), setup.parts());
    }

    private static List<PipelineQueued> queued(KafkaTestBroker broker, String app, String sha, Duration wait) {
        List<Event<?>> events = PipelineTopics.read(broker, PipelineIds.of(app, sha), e -> PipelineTopics
                .data(e, PipelineQueued.class).size() > 1, wait);
        return PipelineTopics.data(events, PipelineQueued.class);
    }

    private static PipelineQueued firstQueued(KafkaTestBroker broker, String app, String sha, Duration wait) {
        List<Event<?>> events = PipelineTopics.read(broker, PipelineIds.of(app, sha), e -> !PipelineTopics
                .data(e, PipelineQueued.class).isEmpty(), wait);
        List<PipelineQueued> queued = PipelineTopics.data(events, PipelineQueued.class);
        assertThat(queued).as("pipeline.queued of %s at %s within %s", app, sha, wait).isNotEmpty();
        return queued.get(0);
    }

    @Test
    void givenPushesWhoseWebhooksWereNeverDelivered_whenTheReconcilerPolls_thenEachIsQueuedByReconcileWithinTheInterval(
            KafkaTestBroker broker, LocalGitServer git) {
        String first = git.createRepository("acme", "missed", "main", SampleApp.files());
        Orchestrators.Setup setup = setup(broker, git, "config-missed", "missed", INTERVAL);
        try (BuildOrchestrator orchestrator = Orchestrators.start(setup)) {
            Orchestrators.handler(orchestrator).handle(Webhooks.record(Webhooks.push("acme/missed", "main", first)));
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                java.time.Instant pushed = java.time.Instant.now();
                String sha = git.commitAsOutsider("acme", "missed", "main", Map.of("app/hello.txt", "v" + i + "\n"),
                        "change " + i + " (its webhook is lost)");

                PipelineQueued queued = firstQueued(broker, "missed", sha, Duration.ofSeconds(30));

                millis.add(Duration.between(pushed, queued.queuedAt()).toMillis());
                assertThat(queued.trigger()).isEqualTo(PipelineTrigger.RECONCILE);
                assertThat(queued.commit()).isEqualTo(sha);
                assertThat(queued.sourceRepo()).isEqualTo("acme/missed");
                assertThat(queued.branch()).isEqualTo("main");
            }
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("push (no webhook) -> pipeline.queued(RECONCILE), interval %d ms: %s ms, p50 %d ms, "
                    + "max %d ms%n", INTERVAL.toMillis(), millis, sorted.get(2), sorted.get(4));
            // A round every interval ±20 %, plus one ls-remote and the queued event's acknowledgement.
            assertThat(sorted.get(4)).isLessThan(INTERVAL.multipliedBy(12).dividedBy(10).toMillis() + 3_000);
        }
    }

    @Test
    void givenAHeadAlsoDeliveredByWebhook_whenBothAnnounceIt_thenItIsQueuedOnce(KafkaTestBroker broker,
                                                                               LocalGitServer git) {
        String first = git.createRepository("acme", "twice", "main", SampleApp.files());
        Orchestrators.Setup setup = setup(broker, git, "config-twice", "twice", MANUAL);
        try (BuildOrchestrator orchestrator = Orchestrators.start(setup)) {
            var handler = Orchestrators.handler(orchestrator);
            handler.handle(Webhooks.record(Webhooks.push("acme/twice", "main", first)));
            String byWebhook = git.commitAsOutsider("acme", "twice", "main", Map.of("app/hello.txt", "a\n"), "a");
            handler.handle(Webhooks.record(Webhooks.push("acme/twice", "main", byWebhook)));
            SourceReconciler.Round afterWebhook = orchestrator.reconciler().reconcile();
            String byReconcile = git.commitAsOutsider("acme", "twice", "main", Map.of("app/hello.txt", "b\n"), "b");
            SourceReconciler.Round found = orchestrator.reconciler().reconcile();

            handler.handle(Webhooks.record(Webhooks.push("acme/twice", "main", byReconcile)));

            assertThat(afterWebhook.known()).isEqualTo(1);
            assertThat(afterWebhook.started()).isZero();
            assertThat(found.started()).isEqualTo(1);
            assertThat(queued(broker, "twice", byWebhook, Duration.ofSeconds(3))).singleElement()
                    .satisfies(q -> assertThat(q.trigger()).isEqualTo(PipelineTrigger.WEBHOOK));
            assertThat(queued(broker, "twice", byReconcile, Duration.ofSeconds(3))).singleElement()
                    .satisfies(q -> assertThat(q.trigger()).isEqualTo(PipelineTrigger.RECONCILE));
        }
    }

    @Test
    void givenNothingMoved_whenTheReconcilerPolls_thenNoPipelineIsStartedAndARestartRebuildsNothing(
            KafkaTestBroker broker, LocalGitServer git) {
        String built = git.createRepository("acme", "still", "main", SampleApp.files());
        Orchestrators.Setup setup = setup(broker, git, "config-still", "still", MANUAL);
        try (BuildOrchestrator orchestrator = Orchestrators.start(setup)) {
            Orchestrators.handler(orchestrator).handle(Webhooks.record(Webhooks.push("acme/still", "main", built)));
            PipelineTopics.untilFinished(broker, PipelineIds.of("still", built));
        }

        try (BuildOrchestrator restarted = Orchestrators.start(setup)) {
            SourceReconciler.Round round = restarted.reconciler().reconcile();
            SourceReconciler.Round again = restarted.reconciler().reconcile();

            assertThat(round).isEqualTo(new SourceReconciler.Round(1, 0, 0, 0, 0));
            assertThat(again).isEqualTo(round);
            assertThat(queued(broker, "still", built, Duration.ofSeconds(3))).singleElement()
                    .satisfies(q -> assertThat(q.trigger()).isEqualTo(PipelineTrigger.WEBHOOK));
            assertThat(restarted.ledger().get(PipelineIds.of("still", built)))
                    .hasValueSatisfying(state -> assertThat(state.isFinished()).isTrue());
        }
    }

    @Test
    void givenAnAppWithoutHistory_whenTheOrchestratorStarts_thenItsOldHeadIsABaselineAndTheNextPushIsBuilt(
            KafkaTestBroker broker, LocalGitServer git) {
        String old = git.createRepository("acme", "fresh", "main", SampleApp.files());
        Orchestrators.Setup setup = setup(broker, git, "config-fresh", "fresh", MANUAL);
        try (BuildOrchestrator orchestrator = Orchestrators.start(setup)) {
            SourceReconciler.Round firstSight = orchestrator.reconciler().reconcile();
            String pushed = git.commitAsOutsider("acme", "fresh", "main", Map.of("app/hello.txt", "new\n"), "new");

            SourceReconciler.Round moved = orchestrator.reconciler().reconcile();

            assertThat(firstSight.baseline()).isEqualTo(1);
            assertThat(moved.started()).isEqualTo(1);
            assertThat(orchestrator.ledger().exists("fresh", old)).isFalse();
            assertThat(firstQueued(broker, "fresh", pushed, Duration.ofSeconds(10)).trigger())
                    .isEqualTo(PipelineTrigger.RECONCILE);
        }
    }
}
