package io.gitops.health.verdict;

import static io.gitops.health.testing.TestVerifiers.applied;
import static io.gitops.health.testing.TestVerifiers.image;
import static io.gitops.health.testing.TestVerifiers.namespace;
import static io.gitops.health.testing.TestVerifiers.restored;
import static io.gitops.health.testing.TestVerifiers.rig;
import static io.gitops.health.testing.TestVerifiers.uniqueApp;
import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.TestVerifiers;
import io.gitops.health.testing.TestVerifiers.Rig;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Scope;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash windows of a failed verdict: halted, then not acknowledged by the broker (kept and published later, the
 * workload halted meanwhile; after a restart recomputed with the workload still halted), and a restored revision
 * that fails ({@code RESTORE_FAILED}, halted, for a person).
 */
@WithSandbox(tickMillis = 50, scope = Scope.JVM)
class UnpublishedVerdictIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HealthSettings QUICK = new HealthSettings(Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Thresholds THRESHOLDS = new Thresholds(2, Duration.ofMillis(500), 2);
    /** The publish retries of the test rig. */
    private static final int RETRIES = 3;

    private static SandboxCluster sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void sandbox(SandboxCluster shared) {
        sandbox = shared;
        client = sandbox.client();
    }

    private static Deployment live(AppEnv app) {
        return TestVerifiers.live(client, app);
    }

    /** A healthy first revision, then a crash-looping second one handed to the verifier; returns the second. */
    private static RolloutRequest healthyThenCrashLooping(Rig rig, AppEnv app) {
        String good = image(app, "good");
        String bad = image(app, "bad");
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        apply(client, deployment(namespace(app), app.app(), app.labels(), good, 1));
        rig.verifier().start(applied(app, "1" + app.app(), List.of(good), QUICK));
        rig.awaitConcluded(1);
        apply(client, deployment(namespace(app), app.app(), app.labels(), bad, 1));
        RolloutRequest second = applied(app, "2" + app.app(), List.of(bad), QUICK);
        rig.verifier().start(second);
        return second;
    }

    @Test
    void givenAFailedVerdictTheBrokerRefusesBeyondItsRetries_whenTheBrokerTakesItAgain_thenItIsPublishedOnceAndTheWorkloadStaysHalted() {
        AppEnv app = uniqueApp("held");
        try (Rig rig = rig(client, THRESHOLDS)) {
            // Given a broker that refuses the failed verdict through its retries and twice more
            rig.sink().refuse(RolloutFailed.class, RETRIES + 2);
            List<Boolean> pausedAtEachAttempt = new CopyOnWriteArrayList<>();
            rig.sink().beforePublish(event -> {
                if (event.data() instanceof RolloutFailed) {
                    pausedAtEachAttempt.add(Boolean.TRUE.equals(live(app).getSpec().getPaused()));
                }
            });

            // When the verifier judges a crash-looping revision
            RolloutRequest second = healthyThenCrashLooping(rig, app);

            // Then the verdict is held, offered again, and published once, with the refused attempts' id
            await().atMost(WAIT).until(() -> rig.sink().first(RolloutFailed.class).isPresent());
            rig.awaitConcluded(3);
            assertThat(rig.concluded().get(1).event()).as("not acknowledged at first").isNull();
            assertThat(rig.concluded().get(2).event()).isNotNull();
            List<Event<?>> published = rig.sink().events().stream()
                    .filter(e -> e.data() instanceof RolloutFailed).toList();
            assertThat(published).singleElement().satisfies(e -> {
                assertThat(rig.sink().refused()).hasSize(RETRIES + 2)
                        .allSatisfy(refused -> assertThat(refused.id()).isEqualTo(e.id()));
                assertThat(((RolloutFailed) e.data()).revision()).isEqualTo(second.revision());
                assertThat(((RolloutFailed) e.data()).halted()).isTrue();
            });
            assertThat(pausedAtEachAttempt).hasSize(RETRIES + 3).containsOnly(true);
            assertThat(live(app).getSpec().getPaused()).isTrue();
            assertThat(live(app).getMetadata().getAnnotations())
                    .containsEntry(KubernetesHalter.HALTED_ANNOTATION, second.revision());
            assertThat(rig.ledger().pending(app)).isEmpty();
            assertThat(rig.ledger().failingSince(app)).isPresent();
            assertThat(rig.registry().get(HealthMetrics.VERDICTS_UNPUBLISHED).gauge().value()).isZero();
            assertThat(rig.registry().get(HealthMetrics.PUBLISH_FAILURES).counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void givenAVerifierThatHaltedARolloutAndDiedBeforeItsVerdictWasPublished_whenAnotherTakesTheRolloutOver_thenItRecomputesTheVerdictWithTheWorkloadStillHalted() {
        // Given a verifier whose broker never took the failed verdict, stopped after the halt
        AppEnv app = uniqueApp("restart");
        RolloutRequest second;
        List<Event<?>> topic;
        String refusedId;
        try (Rig before = rig(client, THRESHOLDS)) {
            before.sink().refuse(RolloutFailed.class, Integer.MAX_VALUE);
            second = healthyThenCrashLooping(before, app);
            before.awaitConcluded(2);
            topic = before.sink().events();
            refusedId = before.sink().refused().get(0).id();
        }
        assertThat(live(app).getSpec().getPaused()).isTrue();
        Long generationWhenHalted = live(app).getMetadata().getGeneration();
        try (Rig after = rig(client, THRESHOLDS)) {
            topic.forEach(event -> after.ledger().apply(event, 0));
            List<Boolean> pausedWhenPublished = new CopyOnWriteArrayList<>();
            after.sink().beforePublish(event -> {
                if (event.data() instanceof RolloutFailed) {
                    pausedWhenPublished.add(Boolean.TRUE.equals(live(app).getSpec().getPaused()));
                }
            });

            // When the new verifier takes over the rollouts pending on the topic
            List<RolloutRequest> taken = after.verifier().recover(partition -> true);

            // Then it judges the halted revision again, leaves it halted, and publishes the verdict with the same id
            assertThat(taken).singleElement().extracting(RolloutRequest::revision).isEqualTo(second.revision());
            await().atMost(WAIT).until(() -> after.sink().first(RolloutFailed.class).isPresent());
            Event<?> verdict = after.sink().events().stream().filter(e -> e.data() instanceof RolloutFailed)
                    .findFirst().orElseThrow();
            assertThat(verdict.id()).isEqualTo(refusedId);
            assertThat(((RolloutFailed) verdict.data()).reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
            assertThat(((RolloutFailed) verdict.data()).revision()).isEqualTo(second.revision());
            assertThat(pausedWhenPublished).containsOnly(true);
            assertThat(live(app).getMetadata().getGeneration()).as("never resumed (and halted again)")
                    .isEqualTo(generationWhenHalted);
            assertThat(live(app).getMetadata().getAnnotations())
                    .containsEntry(KubernetesHalter.HALTED_ANNOTATION, second.revision());
        }
    }

    @Test
    void givenTheLastHealthyRevisionRestoredAfterAFailure_whenTheRestoreFailsToo_thenTheVerdictIsRestoreFailedAndTheWorkloadStaysHalted() {
        AppEnv app = uniqueApp("restore");
        try (Rig rig = rig(client, THRESHOLDS)) {
            // Given a healthy revision, a failed one, and the healthy one re-applied whose image pull now fails
            RolloutRequest second = healthyThenCrashLooping(rig, app);
            rig.awaitConcluded(2);
            String firstRevision = rig.ledger().lastHealthy(app).orElseThrow().revision();
            String blip = image(app, "blip");
            sandbox.simulator().failImage(blip, FailureMode.IMAGEPULL);
            apply(client, deployment(namespace(app), app.app(), app.labels(), blip, 1));

            // When the verifier watches the restored revision
            rig.verifier().start(restored(app, firstRevision, List.of(blip), QUICK));

            // Then
            rig.awaitConcluded(3);
            List<RolloutFailed> failed = rig.sink().data(RolloutFailed.class);
            assertThat(failed).hasSize(2);
            assertThat(failed.get(0).revision()).isEqualTo(second.revision());
            RolloutFailed restore = failed.get(1);
            assertThat(restore.reason()).isEqualTo(RolloutFailureReason.RESTORE_FAILED);
            assertThat(restore.message()).startsWith("restore of the last healthy revision").contains("IMAGE_PULL");
            assertThat(restore.revision()).isEqualTo(firstRevision);
            assertThat(restore.halted()).isTrue();
            assertThat(live(app).getSpec().getPaused()).isTrue();
            assertThat(live(app).getMetadata().getAnnotations())
                    .containsEntry(KubernetesHalter.HALTED_ANNOTATION, firstRevision);
            assertThat(rig.registry().get(HealthMetrics.RESTORE_FAILURES).tag("app", app.app()).counter().count())
                    .isEqualTo(1.0);
            assertThat(rig.registry().get(HealthMetrics.CHANGE_FAILURES).tag("app", app.app()).counter().count())
                    .as("a restore is not a change").isEqualTo(1.0);
        }
    }
}
