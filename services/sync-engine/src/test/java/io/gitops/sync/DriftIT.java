package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.DriftedObject;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.drift.FieldDrift;
import io.gitops.sync.testing.EngineTestBase;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.RecordingSink;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drift on live objects, with the rollout simulator writing status as a controller would. */
@WithSandbox
class DriftIT extends EngineTestBase {

    static final String TAG_1 = SyncEngineIT.TAG_1;
    static final String TAG_2 = SyncEngineIT.TAG_2;
    private static final Duration WAIT = Duration.ofSeconds(20);

    DriftIT() {
        super("drift-");
    }

    @BeforeEach
    void startEngine() {
        engine.start();
    }

    private static void scale(String namespace, String name, int replicas, String manager) {
        client().apps().deployments().inNamespace(namespace).withName(name)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(manager)
                        .build(), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private static void editConfigMap(String namespace, String name, String manager) {
        client().configMaps().inNamespace(namespace).withName(name)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(manager)
                        .build(), "{\"data\":{\"greeting\":\"edited by hand\"}}");
    }

    private List<DriftedObject> driftedFields() {
        return sink.data(DriftDetected.class).stream().flatMap(d -> d.objects().stream()).toList();
    }

    @Test
    void givenSelfHealOn_whenSomeoneScalesTheDeployment_thenTheDriftIsReportedWithFieldAndManagerAndHealed() {
        repo.addApp("heal", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);

        scale("heal-prod", "heal", 5, "kubectl-edit");

        await().atMost(WAIT).until(() -> !sink.data(DriftHealed.class).isEmpty());
        DriftDetected detected = sink.data(DriftDetected.class).get(0);
        assertThat(detected.selfHeal()).isTrue();
        assertThat(detected.objects()).containsExactly(new DriftedObject("apps/v1", "Deployment", "heal-prod", "heal",
                "spec.replicas", "kubectl-edit"));
        assertThat(sink.data(DriftHealed.class).get(0).objects()).isEqualTo(detected.objects());
        await().atMost(WAIT).until(() -> client().apps().deployments().inNamespace("heal-prod").withName("heal")
                .get().getSpec().getReplicas() == 1);
    }

    @Test
    void givenSelfHealOff_whenSomeoneEditsTheConfigMap_thenTheDriftIsReportedButNotHealed() {
        repo.addApp("watch", "prod", TAG_1, true, false);
        engine.syncAll(SyncTrigger.STARTUP, null);

        editConfigMap("watch-prod", "watch-config", "kubectl-patch");

        await().atMost(WAIT).until(() -> !sink.data(DriftDetected.class).isEmpty());
        DriftDetected detected = sink.data(DriftDetected.class).get(0);
        assertThat(detected.selfHeal()).isFalse();
        assertThat(detected.objects()).singleElement().satisfies(o -> {
            assertThat(o.fieldPath()).isEqualTo("data.greeting");
            assertThat(o.manager()).isEqualTo("kubectl-patch");
        });
        assertThat(sink.data(DriftHealed.class)).isEmpty();
        assertThat(client().configMaps().inNamespace("watch-prod").withName("watch-config").get().getData())
                .containsEntry("greeting", "edited by hand");
    }

    @Test
    void givenTheHealthVerifierPausesTheDeployment_whenWatched_thenOnlyTheLaterRealEditIsDrift() {
        repo.addApp("halt", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        GenericKubernetesResource pause = new GenericKubernetesResourceBuilder().withApiVersion("apps/v1")
                .withKind("Deployment").withNewMetadata().withName("halt").withNamespace("halt-prod").endMetadata()
                .addToAdditionalProperties("spec", java.util.Map.of("paused", true)).build();
        client().resource(pause).fieldManager(SyncSettings.HEALTH_VERIFIER).forceConflicts().serverSideApply();

        scale("halt-prod", "halt", 3, "kubectl-scale");

        await().atMost(WAIT).until(() -> !sink.data(DriftDetected.class).isEmpty());
        // the verifier's pause is never drift; the scale is, reported once per live version until the heal lands
        // (the rollout simulator may write another version of the drifted object first), so compare the fields
        assertThat(driftedFields()).extracting(DriftedObject::fieldPath).isNotEmpty().containsOnly("spec.replicas");
        assertThat(client().apps().deployments().inNamespace("halt-prod").withName("halt").get().getSpec()
                .getPaused()).isTrue();
    }

    @Test
    void givenTheEngineAppliesANewRevision_whenItsOwnWritesAreWatched_thenNoDriftIsReported() {
        repo.addApp("own", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        repo.bump("own", "prod", TAG_2, 2, true, SyncEngineIT.SOURCE_2, "bump");
        engine.syncAll(SyncTrigger.WEBHOOK, null);

        editConfigMap("own-prod", "own-config", "sentinel");

        await().atMost(WAIT).until(() -> !sink.data(DriftDetected.class).isEmpty());
        assertThat(driftedFields()).extracting(DriftedObject::manager).containsOnly("sentinel");
    }

    @Test
    void givenAManagedObjectIsDeleted_whenWatched_thenItIsReportedAndRecreated() {
        repo.addApp("gone", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);

        client().services().inNamespace("gone-prod").withName("gone").delete();

        await().atMost(WAIT).until(() -> !sink.data(DriftHealed.class).isEmpty());
        assertThat(driftedFields()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo("Service");
            assertThat(o.fieldPath()).isEqualTo(FieldDrift.DELETED);
        });
        await().atMost(WAIT).until(() -> client().services().inNamespace("gone-prod").withName("gone").get() != null);
    }

    @Test
    void givenAnEditWhileNoEngineWatched_whenAnEngineStartsAndSyncs_thenTheDriftIsFoundAndHealed() {
        repo.addApp("late", "prod", TAG_1, true, true);
        RecordingSink earlier = new RecordingSink();
        try (SyncEngine first = Engines.engine(client(), repo.url(), workDir.resolve("first"), earlier)) {
            first.syncAll(SyncTrigger.STARTUP, null);
        }
        scale("late-prod", "late", 4, "kubectl-edit");

        engine.syncAll(SyncTrigger.STARTUP, null);

        await().atMost(WAIT).until(() -> !sink.data(DriftHealed.class).isEmpty());
        assertThat(driftedFields()).extracting(DriftedObject::fieldPath).containsExactly("spec.replicas");
        await().atMost(WAIT).until(() -> client().apps().deployments().inNamespace("late-prod").withName("late")
                .get().getSpec().getReplicas() == 1);
    }
}
