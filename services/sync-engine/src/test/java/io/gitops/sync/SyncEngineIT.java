package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.gitops.config.AppConfig;
import io.gitops.events.Event;
import io.gitops.events.data.AppHealth;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.EngineTestBase;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.Events;
import io.gitops.sync.testing.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a real Git server and the sandbox API server: sync, order, prune, and every bad input. */
class SyncEngineIT extends EngineTestBase {

    static final String TAG_1 = "1111111111111111111111111111111111111111";
    static final String TAG_2 = "2222222222222222222222222222222222222222";
    static final String SOURCE_2 = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
    SyncEngineIT() {
        super("config-");
    }

    @Test
    void givenANewAppAndNamespaceCreationOn_whenSyncedAll_thenItsObjectsAreAppliedLabelledAndAnnotatedInItsCreatedNamespace() {
        createNamespaces();
        String commit = repo.addApp("shop", "staging", TAG_1, true, true);

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

        assertThat(outcomes).singleElement().isInstanceOf(SyncOutcome.Applied.class);
        assertThat(((SyncOutcome.Applied) outcomes.get(0)).objectsApplied()).isEqualTo(3);
        assertThat(client().namespaces().withName("shop-staging").get().getMetadata().getLabels())
                .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).doesNotContainKey(Labels.APP);
        Deployment deployment = client().apps().deployments().inNamespace("shop-staging").withName("shop").get();
        List<HasMetadata> objects = List.of(deployment,
                client().services().inNamespace("shop-staging").withName("shop").get(),
                client().configMaps().inNamespace("shop-staging").withName("shop-config").get());
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                    .containsEntry(Labels.APP, "shop").containsEntry(Labels.ENV, "staging");
            assertThat(object.getMetadata().getAnnotations()).containsEntry(Labels.REVISION, commit);
            assertThat(object.getMetadata().getManagedFields()).anyMatch(
                    f -> f.getManager().equals(SyncSettings.FIELD_MANAGER) && f.getOperation().equals("Apply"));
        }
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local/shop:" + TAG_1);
        SyncSucceeded succeeded = sink.data(SyncSucceeded.class).get(0);
        assertThat(succeeded.changed()).isTrue();
        assertThat(succeeded.revision()).isEqualTo(commit);
        assertThat(succeeded.manifestDigest()).startsWith("sha256:");
        assertThat(succeeded.images()).containsExactly("registry.local/shop:" + TAG_1);
        // the fixture's app.yaml has no health block: app.yaml's defaults travel to the verifier
        assertThat(succeeded.health()).isEqualTo(new AppHealth(
                AppConfig.HealthConfig.DEFAULT.timeoutSeconds(), AppConfig.HealthConfig.DEFAULT.minStableSeconds()));
        assertThat(sink.data(SyncStarted.class)).singleElement()
                .satisfies(s -> assertThat(s.trigger()).isEqualTo(SyncTrigger.STARTUP));
    }

    @Test
    void givenNewObjectsOfSeveralKinds_whenApplied_thenTheyAreWrittenNamespaceFirstThenConfigServiceAndWorkload() {
        createNamespaces();
        repo.addApp("order", "qa", TAG_1, true, true);

        engine.syncAll(SyncTrigger.STARTUP, null);

        long namespace = version(client().namespaces().withName("order-qa").get());
        long config = version(client().configMaps().inNamespace("order-qa").withName("order-config").get());
        long service = version(client().services().inNamespace("order-qa").withName("order").get());
        long workload = version(client().apps().deployments().inNamespace("order-qa").withName("order").get());
        assertThat(List.of(namespace, config, service, workload)).isSorted();
    }

    private static long version(HasMetadata object) {
        return Long.parseLong(object.getMetadata().getResourceVersion());
    }

    @Test
    void givenABumpCommitWithTrailers_whenConfigChangedArrives_thenSyncSucceededCarriesTheSourceCommit() {
        String first = repo.addApp("cart", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        String bump = repo.bump("cart", "prod", TAG_2, 2, false, SOURCE_2, "bump");
        Event<?> cause = Events.configChanged("cart", "prod", bump, TAG_2, SOURCE_2, ChangeCause.BUMP, null);
        sink.clear();

        engine.handle(cause, System.nanoTime());

        Event<SyncSucceeded> event = sink.events(SyncSucceeded.class).get(0);
        assertThat(event.data().sourceCommit()).isEqualTo(SOURCE_2);
        assertThat(event.data().sourceCommitTime()).isEqualTo("2026-11-27T09:59:58Z");
        assertThat(event.data().revision()).isEqualTo(bump);
        assertThat(event.data().previousRevision()).isEqualTo(first);
        assertThat(event.data().trigger()).isEqualTo(SyncTrigger.CONFIG_CHANGED);
        assertThat(event.correlationId()).isEqualTo(SOURCE_2);
        assertThat(event.causationId()).isEqualTo(cause.id());
        assertThat(event.key()).isEqualTo("cart/prod");
        assertThat(client().apps().deployments().inNamespace("cart-prod").withName("cart").get().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    @Test
    void givenAnAppAlreadySynced_whenPolled_thenNothingIsAppliedOrPublished() {
        repo.addApp("idle", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        sink.clear();

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.POLL, null);

        assertThat(outcomes).singleElement().isInstanceOf(SyncOutcome.Unchanged.class);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void givenPruneOn_whenAnObjectLeavesGit_thenItIsDeleted() {
        createNamespaces();
        repo.addApp("lean", "prod", TAG_1, true, true);
        repo.bump("lean", "prod", TAG_1, 1, true, SOURCE_2, "bump");
        engine.syncAll(SyncTrigger.STARTUP, null);
        assertThat(client().configMaps().inNamespace("lean-prod").withName("lean-extra").get()).isNotNull();
        repo.bump("lean", "prod", TAG_1, 1, false, SOURCE_2, "bump");

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.WEBHOOK, null);

        assertThat(((SyncOutcome.Applied) outcomes.get(0)).objectsPruned()).isEqualTo(1);
        assertThat(client().configMaps().inNamespace("lean-prod").withName("lean-extra").get()).isNull();
        assertThat(client().namespaces().withName("lean-prod").get()).isNotNull();
        assertThat(sink.data(SyncSucceeded.class).get(1).objectsPruned()).isEqualTo(1);
    }

    @Test
    void givenPruneOff_whenAnObjectLeavesGit_thenItStays() {
        repo.addApp("keep", "prod", TAG_1, false, true);
        repo.bump("keep", "prod", TAG_1, 1, true, SOURCE_2, "bump");
        engine.syncAll(SyncTrigger.STARTUP, null);
        repo.bump("keep", "prod", TAG_1, 1, false, SOURCE_2, "bump");

        engine.syncAll(SyncTrigger.WEBHOOK, null);

        assertThat(client().configMaps().inNamespace("keep-prod").withName("keep-extra").get()).isNotNull();
    }

    @Test
    void givenAQuarantinedTag_whenBumpedTo_thenTheSyncFailsQuarantinedAndTheLastRevisionKeepsRunning() {
        repo.addApp("safe", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        repo.commit(Map.of(".gitops/quarantine.yaml", """
                quarantined:
                  - app: safe
                    env: prod
                    tag: "%s"
                    reason: CRASH_LOOP
                """.formatted(TAG_2)), "Quarantine");
        String bump = repo.bump("safe", "prod", TAG_2, 1, false, SOURCE_2, "bump");

        SyncOutcome outcome = engine.sync("safe", "prod", SyncTrigger.CONFIG_CHANGED,
                Events.configChanged("safe", "prod", bump, TAG_2, SOURCE_2, ChangeCause.BUMP, null));

        assertThat(outcome).isInstanceOf(SyncOutcome.Failed.class);
        SyncFailed failed = sink.data(SyncFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.QUARANTINED);
        assertThat(failed.error()).contains(TAG_2).contains("quarantine");
        assertThat(client().apps().deployments().inNamespace("safe-prod").withName("safe").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(TAG_1);
    }

    @Test
    void givenABrokenChartBesideAGoodApp_whenSyncedAll_thenOnlyTheBrokenOneFailsWithHelmsMessage() {
        repo.addApp("broken", "prod", "broken", TAG_1, true, true);
        repo.addApp("good", "prod", TAG_1, true, true);

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

        assertThat(outcomes).hasSize(2).anyMatch(o -> o instanceof SyncOutcome.Applied a && a.app().equals("good"));
        SyncFailed failed = sink.data(SyncFailed.class).get(0);
        assertThat(failed.app()).isEqualTo("broken");
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.RENDER_FAILED);
        assertThat(failed.error()).contains("noSuchFunction");
    }

    @Test
    void givenABrokenChart_whenPolledAgain_thenTheFailureIsNotPublishedTwice() {
        repo.addApp("twice", "prod", "broken", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.POLL, null);

        assertThat(outcomes).singleElement().isInstanceOf(SyncOutcome.Failed.class);
        assertThat(sink.data(SyncFailed.class)).hasSize(1);
    }

    @Test
    void givenValuesThatAreNotYaml_whenSynced_thenItFailsAsInvalidConfigWithTheFileAndLine() {
        repo.addApp("yaml", "prod", TAG_1, true, true);
        repo.commit(Map.of("apps/yaml/envs/prod/values.yaml", "image: [unclosed\n  tag: x\n"), "Break values");

        engine.syncAll(SyncTrigger.STARTUP, null);

        SyncFailed failed = sink.data(SyncFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.INVALID_CONFIG);
        assertThat(failed.error()).contains("apps/yaml/envs/prod/values.yaml:");
    }

    @Test
    void givenAManifestOfAnUnknownKind_whenSynced_thenItFailsAsApplyFailedNamingTheKind() {
        repo.addApp("widget", "prod", "widget", TAG_1, true, true);

        engine.syncAll(SyncTrigger.STARTUP, null);

        SyncFailed failed = sink.data(SyncFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.APPLY_FAILED);
        assertThat(failed.error()).contains("unknown kind Widget");
    }

    @Test
    void givenAnInvalidAppYaml_whenSynced_thenItFailsAsInvalidConfigWithTheProblem() {
        repo.commit(Map.of("apps/bad/app.yaml", "name: bad\nenvironments: []\n",
                "apps/bad/envs/prod/values.yaml", "image: {tag: x}\n"), "Add a bad app");

        engine.syncAll(SyncTrigger.STARTUP, null);

        SyncFailed failed = sink.data(SyncFailed.class).get(0);
        assertThat(failed.app()).isEqualTo("bad");
        assertThat(failed.env()).isEqualTo("prod");
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.INVALID_CONFIG);
        assertThat(failed.error()).contains("apps/bad/app.yaml");
    }

    @Test
    void givenARepositoryThatCannotBeFetched_whenPolled_thenEveryKnownAppFailsWithFetchFailed(@TempDir Path dir) {
        // a server of its own, since the test stops it
        LocalGitServer lonely = LocalGitServer.start(GitServerOptions.of(dir));
        ConfigRepoFixture gone = ConfigRepoFixture.create(lonely, "gone");
        gone.addApp("away", "prod", TAG_1, true, true);
        RecordingSink events = new RecordingSink();
        try (SyncEngine cut = Engines.engine(client(), gone.url(), workDir.resolve("gone"), events)) {
            cut.syncAll(SyncTrigger.STARTUP, null);
            lonely.close();

            cut.syncAll(SyncTrigger.POLL, null);
        }

        SyncFailed failed = events.data(SyncFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.FETCH_FAILED);
        assertThat(failed.revision()).isNull();
        assertThat(failed.app()).isEqualTo("away");
    }

    @Test
    void givenAPushToTheConfigRepository_whenTheWebhookArrives_thenEverythingOwnedIsSynced() {
        String commit = repo.addApp("hooked", "prod", TAG_1, true, true);

        engine.handle(Events.push(ConfigRepoFixture.FULL_NAME, "main", commit), System.nanoTime());

        assertThat(sink.data(SyncSucceeded.class)).singleElement()
                .satisfies(s -> assertThat(s.trigger()).isEqualTo(SyncTrigger.WEBHOOK));
    }

    @Test
    void givenAPushToAnotherRepository_whenTheWebhookArrives_thenNothingIsSynced() {
        String commit = repo.addApp("other", "prod", TAG_1, true, true);

        engine.handle(Events.push("acme/shop", "main", commit), System.nanoTime());

        assertThat(sink.all()).isEmpty();
    }

    @Test
    void givenAConfigChangeStillInAPullRequest_whenHandled_thenNothingIsSynced() {
        String commit = repo.addApp("pending", "prod", TAG_1, true, true);

        engine.handle(Events.configChanged("pending", "prod", commit, TAG_1, SOURCE_2, ChangeCause.BUMP,
                "https://github.com/acme/config/pull/7"), System.nanoTime());

        assertThat(sink.all()).isEmpty();
    }

    @Test
    void givenAnAppNotAutomated_whenSynced_thenItIsSkipped() {
        repo.addApp("manual", "prod", TAG_1, true, true);
        repo.commit(Map.of("apps/manual/app.yaml", ConfigRepoFixture.appYaml("manual", "prod", "web", true, true)
                .replace("automated: true", "automated: false")), "Manual");

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

        assertThat(outcomes).singleElement().isInstanceOf(SyncOutcome.Skipped.class);
        assertThat(client().apps().deployments().inNamespace("manual-prod").withName("manual").get()).isNull();
    }

    @Test
    void givenAConfigMapChangedInGit_whenSynced_thenTheLiveConfigMapFollows() {
        repo.addApp("cfg", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        repo.commit(Map.of("apps/cfg/envs/prod/values.yaml", ConfigRepoFixture.values("cfg", TAG_1, 1, false)
                        + "greeting: bonjour\n"), "Greet in French");

        engine.syncAll(SyncTrigger.POLL, null);

        ConfigMap map = client().configMaps().inNamespace("cfg-prod").withName("cfg-config").get();
        assertThat(map.getData()).containsEntry("greeting", "bonjour");
    }
}
