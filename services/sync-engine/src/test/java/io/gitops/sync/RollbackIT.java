package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.gitops.events.Event;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.engine.RollbackOutcome;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.EngineTestBase;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.Events;
import io.gitops.sync.testing.RecordingSink;
import org.junit.jupiter.api.Test;

/** Failed rollouts: the recorded healthy revision goes back at once, and the failed one stays out until Git moves. */
class RollbackIT extends EngineTestBase {

    static final String GOOD = SyncEngineIT.TAG_1;
    static final String BAD = SyncEngineIT.TAG_2;
    static final String SOURCE = SyncEngineIT.SOURCE_2;
    String healthy;
    String failed;

    RollbackIT() {
        super("rollback-");
    }

    /** Applies a healthy revision, then a bad one, which the health verifier halts. */
    private void healthyThenFailed(String app) {
        healthy = repo.addApp(app, "prod", GOOD, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        failed = repo.bump(app, "prod", BAD, 1, true, SOURCE, "bump");
        engine.syncAll(SyncTrigger.WEBHOOK, null);
        halt(app);
        sink.clear();
    }

    /** Pauses the app's Deployment as the health verifier does. */
    private static void halt(String app) {
        GenericKubernetesResource pause = new GenericKubernetesResourceBuilder().withApiVersion("apps/v1")
                .withKind("Deployment").withNewMetadata().withName(app).withNamespace(app + "-prod").endMetadata()
                .addToAdditionalProperties("spec", Map.of("paused", true)).build();
        client().resource(pause).fieldManager(SyncSettings.HEALTH_VERIFIER).forceConflicts().serverSideApply();
    }

    private Deployment deployment(String app) {
        return client().apps().deployments().inNamespace(app + "-prod").withName(app).get();
    }

    @Test
    void givenAFailedRollout_whenTheVerdictArrives_thenTheRecordedHealthyRevisionIsReappliedUnpaused() {
        healthyThenFailed("shop");
        Event<RolloutFailed> verdict = Events.rolloutFailed("shop", "prod", failed, BAD, healthy, GOOD);

        RollbackOutcome outcome = engine.rollback(verdict, System.nanoTime());

        assertThat(outcome).isInstanceOf(RollbackOutcome.RolledBack.class);
        Deployment deployment = deployment("shop");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(GOOD);
        assertThat(deployment.getSpec().getPaused()).isFalse();
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry(Labels.REVISION, healthy);
        assertThat(client().configMaps().inNamespace("shop-prod").withName("shop-extra").get()).isNull();
        Event<RolledBack> event = sink.events(RolledBack.class).get(0);
        assertThat(event.data().revision()).isEqualTo(healthy);
        assertThat(event.data().failedRevision()).isEqualTo(failed);
        assertThat(event.data().reason()).isEqualTo("CRASH_LOOP");
        assertThat(event.data().reactionMs()).isNotNegative();
        assertThat(event.data().images()).containsExactly("registry.local/shop:" + GOOD);
        assertThat(event.causationId()).isEqualTo(verdict.id());
        AppHistory history = engine.history("shop", "prod");
        assertThat(history.current().orElseThrow().trigger()).isEqualTo(SyncTrigger.ROLLBACK);
        assertThat(history.current().orElseThrow().digest()).isEqualTo(event.data().manifestDigest());
        assertThat(history.rejectedDigests()).containsExactly(history.find(failed).orElseThrow().digest());
    }

    @Test
    void givenAVerdictNotPublishedByTheHealthVerifier_whenHandled_thenItIsRefusedAndNothingIsRolledBack() {
        healthyThenFailed("forged");
        Event<RolloutFailed> genuine = Events.rolloutFailed("forged", "prod", failed, BAD, healthy, GOOD);
        Event<RolloutFailed> forged = Event.of(genuine.data()).id(genuine.id()).source("intruder")
                .time(genuine.time()).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.handle(forged, System.nanoTime()))
                .isInstanceOf(io.gitops.kit.PermanentException.class)
                .hasMessage("refused: io.gitops.rollout.failed.v1 from /gitops/intruder, not from the health-verifier "
                        + "(/gitops/health-verifier)");
        assertThat(sink.events(RolledBack.class)).isEmpty();
        assertThat(deployment("forged").getMetadata().getAnnotations()).containsEntry(Labels.REVISION, failed);
    }

    @Test
    void givenARolledBackRevision_whenPolledBeforeGitChanges_thenTheFailedRevisionIsNotAppliedAgain() {
        healthyThenFailed("cart");
        engine.rollback(Events.rolloutFailed("cart", "prod", failed, BAD, healthy, GOOD), System.nanoTime());

        SyncOutcome outcome = engine.syncAll(SyncTrigger.POLL, null).get(0);

        assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
        assertThat(((SyncOutcome.Failed) outcome).reason()).isEqualTo(SyncFailureReason.REJECTED_REVISION);
        assertThat(sink.data(SyncFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(SyncFailureReason.REJECTED_REVISION));
        assertThat(deployment("cart").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(GOOD);
    }

    @Test
    void givenTheRevertCommitOfTheBumper_whenItsConfigChangeArrives_thenTheSyncSucceedsUnchanged() {
        healthyThenFailed("pay");
        engine.rollback(Events.rolloutFailed("pay", "prod", failed, BAD, healthy, GOOD), System.nanoTime());
        String revert = repo.bump("pay", "prod", GOOD, 1, false, SOURCE, "revert");
        sink.clear();

        SyncOutcome outcome = engine.sync("pay", "prod", SyncTrigger.CONFIG_CHANGED,
                Events.configChanged("pay", "prod", revert, GOOD, SOURCE, ChangeCause.REVERT, null));

        assertThat(outcome).isInstanceOf(SyncOutcome.Unchanged.class);
        SyncSucceeded succeeded = sink.data(SyncSucceeded.class).get(0);
        assertThat(succeeded.changed()).isFalse();
        assertThat(succeeded.revision()).isEqualTo(revert);
        assertThat(succeeded.objectsApplied()).isZero();
        assertThat(deployment("pay").getMetadata().getAnnotations()).containsEntry(Labels.REVISION, healthy);
    }

    @Test
    void givenNoHealthyRevisionRecorded_whenTheVerdictArrives_thenNothingIsReappliedAndTheRevisionIsRejected() {
        String only = repo.addApp("new", "prod", BAD, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);

        RollbackOutcome outcome = engine.rollback(Events.rolloutFailed("new", "prod", only, BAD, null, null),
                System.nanoTime());

        assertThat(outcome).isInstanceOf(RollbackOutcome.NoHealthyRevision.class);
        assertThat(sink.data(SyncFailed.class)).last()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(SyncFailureReason.REJECTED_REVISION));
        assertThat(engine.history("new", "prod").rejectedDigests()).hasSize(1);
    }

    @Test
    void givenTheRestoredRevisionFailedToo_whenTheRestoreFailedVerdictArrives_thenNothingIsReappliedOrRejectedAndItStaysHalted() {
        // Given the healthy revision restored after a failed rollout, then halted by the verifier again
        healthyThenFailed("again");
        engine.rollback(Events.rolloutFailed("again", "prod", failed, BAD, healthy, GOOD), System.nanoTime());
        halt("again");
        AppHistory before = engine.history("again", "prod");
        sink.clear();

        // When
        RollbackOutcome outcome = engine.rollback(Events.restoreFailed("again", "prod", healthy, GOOD),
                System.nanoTime());

        // Then
        assertThat(outcome).isInstanceOf(RollbackOutcome.RestoreFailed.class);
        assertThat(sink.all()).as("no rollback, no sync failure").isEmpty();
        assertThat(deployment("again").getSpec().getPaused()).isTrue();
        AppHistory after = engine.history("again", "prod");
        assertThat(after.rejectedDigests()).isEqualTo(before.rejectedDigests())
                .doesNotContain(after.current().orElseThrow().digest());
        assertThat(after.entries()).isEqualTo(before.entries());
    }

    @Test
    void givenAVerdictAboutARevisionNoLongerRunning_whenItArrives_thenItIsIgnored() {
        healthyThenFailed("old");
        String newer = repo.bump("old", "prod", "3333333333333333333333333333333333333333", 1, false, SOURCE, "bump");
        engine.syncAll(SyncTrigger.WEBHOOK, null);

        RollbackOutcome outcome = engine.rollback(Events.rolloutFailed("old", "prod", failed, BAD, healthy, GOOD),
                System.nanoTime());

        assertThat(outcome).isInstanceOf(RollbackOutcome.Stale.class);
        assertThat(sink.data(RolledBack.class)).isEmpty();
        assertThat(deployment("old").getMetadata().getAnnotations()).containsEntry(Labels.REVISION, newer);
    }

    @Test
    void givenAVerdictDeliveredTwice_whenHandledAgain_thenTheSameRolledBackFactIsPublishedWithTheSameId() {
        healthyThenFailed("twice");
        Event<RolloutFailed> verdict = Events.rolloutFailed("twice", "prod", failed, BAD, healthy, GOOD);
        engine.handle(verdict, System.nanoTime());

        engine.handle(verdict, System.nanoTime());

        assertThat(sink.events(RolledBack.class)).hasSize(2);
        assertThat(sink.events(RolledBack.class).get(1).id()).isEqualTo(sink.events(RolledBack.class).get(0).id());
    }

    @Test
    void givenAppliedRevisions_whenAnotherEngineStartsOnTheSameCluster_thenItFindsTheHistoryAndRollsBackWithIt() {
        healthyThenFailed("restart");
        engine.close();
        RecordingSink afterRestart = new RecordingSink();
        try (SyncEngine restarted = Engines.engine(client(), repo.url(), workDir.resolve("restarted"),
                afterRestart)) {

            RollbackOutcome outcome = restarted.rollback(
                    Events.rolloutFailed("restart", "prod", failed, BAD, healthy, GOOD), System.nanoTime());

            assertThat(outcome).isInstanceOf(RollbackOutcome.RolledBack.class);
            assertThat(restarted.history("restart", "prod").entries()).hasSize(3);
        }
        assertThat(deployment("restart").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(GOOD);
    }

    @Test
    void givenMoreRevisionsThanTheLimit_whenApplied_thenOnlyTheNewestAreKept() {
        repo.addApp("many", "prod", GOOD, true, true);
        try (SyncEngine bounded = Engines.engine(client(), repo.url(), workDir.resolve("bounded"),
                SyncSettings.defaults(ConfigRepoFixture.FULL_NAME).withHistoryLimit(3),
                io.gitops.sync.shard.Ownership.ALL, sink)) {
            bounded.syncAll(SyncTrigger.STARTUP, null);
            for (int replicas = 2; replicas <= 5; replicas++) {
                repo.bump("many", "prod", GOOD, replicas, false, SOURCE, "bump");
                bounded.syncAll(SyncTrigger.WEBHOOK, null);
            }

            AppHistory history = engine.history("many", "prod");

            assertThat(history.entries()).hasSize(3);
            assertThat(history.current().orElseThrow().objects()).isNotEmpty();
        }
    }
}
