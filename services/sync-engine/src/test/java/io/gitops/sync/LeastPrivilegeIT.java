package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.render.HelmChartRenderer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.RecordingSink;
import io.gitops.sync.testing.ServiceAccountClient;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithSandbox;
import io.gitops.testing.sandbox.ChartRbac;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine under least privilege: a sandbox that authorizes like kube-apiserver, and the engine on the token of a
 * ServiceAccount bound to exactly the chart's rules (values.yaml {@code syncEngine.rbac.rules} in the managed
 * namespaces, {@code syncEngine.rbac.historyRules} in the platform's namespace), nothing cluster-scoped.
 */
@WithSandbox(simulate = false, authorization = true)
@WithGitServer
class LeastPrivilegeIT {

    static final String PLATFORM = Engines.HISTORY_NAMESPACE;
    static final String ACCOUNT = "sync-engine";
    static final String TAG = SyncEngineIT.TAG_1;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static int repos;
    private static String token;

    private final SandboxCluster sandbox;
    private final LocalGitServer git;
    @TempDir
    Path workDir;
    private ConfigRepoFixture repo;
    private RecordingSink sink;
    private ServiceAccountClient account;
    private SyncEngine engine;

    LeastPrivilegeIT(SandboxCluster sandbox, LocalGitServer git) {
        this.sandbox = sandbox;
        this.git = git;
    }

    @BeforeAll
    static void serviceAccountWithTheChartsRules(SandboxCluster sandbox) {
        List<PolicyRule> managed = ChartRbac.rules("syncEngine", "rbac", "rules");
        token = ChartRbac.serviceAccountToken(sandbox, PLATFORM, ACCOUNT, Map.of(
                "shop-prod", managed, "cart-prod", managed, "ledger-prod", managed,
                PLATFORM, ChartRbac.rules("syncEngine", "rbac", "historyRules")));
        // a namespace that exists but is not managed: the engine has no Role in it
        ChartRbac.createNamespace(sandbox.client(), "vault-prod");
    }

    @BeforeEach
    void engineOnItsToken() {
        repo = ConfigRepoFixture.create(git, "least-" + (++repos));
        sink = new RecordingSink();
        account = new ServiceAccountClient(sandbox, token);
        engine = engine(SyncSettings.defaults(ConfigRepoFixture.FULL_NAME));
    }

    private SyncEngine engine(SyncSettings settings) {
        return Engines.engine(account.client(), repo.url(), workDir.resolve("work-" + System.nanoTime()), settings,
                Ownership.ALL, sink);
    }

    /** Each test starts from clean namespaces: no history, no app objects (the sandbox lives for the class). */
    @AfterEach
    void closeAndClean() {
        engine.close();
        account.close();
        sandbox.client().configMaps().inNamespace(PLATFORM)
                .withLabel(ConfigMapHistoryStore.ROLE_LABEL, ConfigMapHistoryStore.ROLE).delete();
        for (String namespace : List.of("shop-prod", "cart-prod", "ledger-prod")) {
            sandbox.client().apps().deployments().inNamespace(namespace).delete();
            sandbox.client().services().inNamespace(namespace).delete();
            sandbox.client().configMaps().inNamespace(namespace).delete();
        }
    }

    @Test
    void givenAppsInManagedNamespacesAndOneInANamespaceWithoutRights_whenSyncedAll_thenOnlyThatOneFailsForbidden() {
        repo.addApp("shop", "prod", TAG, true, false);
        repo.addApp("vault", "prod", TAG, true, false);
        repo.addApp("cart", "prod", TAG, true, false);

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

        assertThat(outcomes).filteredOn(o -> o instanceof SyncOutcome.Applied).extracting(SyncOutcome::app)
                .containsExactlyInAnyOrder("shop", "cart");
        assertThat(sandbox.client().apps().deployments().inNamespace("shop-prod").withName("shop").get()).isNotNull();
        assertThat(sandbox.client().apps().deployments().inNamespace("cart-prod").withName("cart").get()).isNotNull();
        SyncFailed failed = sink.data(SyncFailed.class).stream().filter(f -> f.app().equals("vault")).findFirst()
                .orElseThrow();
        assertThat(failed.reason()).isEqualTo(SyncFailureReason.FORBIDDEN);
        assertThat(failed.error()).contains("HTTP 403").contains("is forbidden: User \"system:serviceaccount:"
                + PLATFORM + ":" + ACCOUNT + "\" cannot patch resource").contains("in the namespace \"vault-prod\"");
        assertThat(sink.data(SyncFailed.class)).singleElement();
        assertThat(sandbox.client().configMaps().inNamespace("vault-prod").list().getItems()).isEmpty();
    }

    @Test
    void givenAForbiddenSync_whenPolledAgain_thenItIsNotTriedAgainNorPublishedTwice() {
        repo.addApp("vault", "prod", TAG, true, false);
        engine.syncAll(SyncTrigger.STARTUP, null);
        int requests = account.requests().size();
        sink.clear();

        List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.POLL, null);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(((SyncOutcome.Failed) o).reason())
                .isEqualTo(SyncFailureReason.FORBIDDEN));
        assertThat(sink.all()).isEmpty();
        assertThat(account.requests().subList(requests, account.requests().size()))
                .noneMatch(r -> r.contains("vault-prod"));
    }

    @Test
    void givenNoRightsInTheHistoryNamespace_whenPolledTwice_thenTheAppFailsForbiddenOnceNamingTheHistoryRead() {
        repo.addApp("shop", "prod", TAG, true, false);
        engine.close();
        KubeApi api = Engines.api(account.client());
        engine = new SyncEngine(SyncSettings.defaults(ConfigRepoFixture.FULL_NAME), Engines.configRepo(repo.url(),
                workDir.resolve("elsewhere"), Duration.ofSeconds(20)), new HelmChartRenderer(), api,
                new ConfigMapHistoryStore(api, "vault-prod"), Ownership.ALL, sink,
                new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        engine.syncAll(SyncTrigger.STARTUP, null);

        engine.syncAll(SyncTrigger.POLL, null);

        assertThat(sink.data(SyncFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(SyncFailureReason.FORBIDDEN);
            assertThat(f.error()).startsWith("cannot read the revision history: ")
                    .contains("cannot get resource \"configmaps\" in API group \"\" in the namespace \"vault-prod\"");
        });
    }

    @Test
    void givenAppsSynced_whenAnotherEngineReadsTheirHistory_thenItIsInThePlatformsNamespace() {
        String commit = repo.addApp("shop", "prod", TAG, true, false);
        engine.syncAll(SyncTrigger.STARTUP, null);
        engine.close();

        engine = engine(SyncSettings.defaults(ConfigRepoFixture.FULL_NAME));

        assertThat(engine.history("shop", "prod").current()).hasValueSatisfying(r ->
                assertThat(r.revision()).isEqualTo(commit));
        assertThat(sandbox.client().configMaps().inNamespace(PLATFORM)
                .withName(ConfigMapHistoryStore.name("shop", "prod")).get()).isNotNull();
    }

    @Test
    void givenNamespaceCreationOff_whenAppsAreSyncedAndWatched_thenNoNamespaceIsCreatedAndNothingIsAskedClusterWide() {
        repo.addApp("shop", "prod", TAG, true, false);
        repo.addApp("cart", "prod", TAG, true, false);
        engine.start();

        engine.syncAll(SyncTrigger.STARTUP, null);

        List<String> requests = account.requests();
        assertThat(requests).isNotEmpty().noneMatch(r -> r.startsWith("POST /api/v1/namespaces?")
                || r.equals("POST /api/v1/namespaces"));
        // every read and write names its namespace (discovery aside): no cluster-scoped right is needed
        assertThat(requests).filteredOn(r -> !r.startsWith("GET /api/v1?") && !r.equals("GET /api/v1")
                        && !r.matches("GET /apis/[^/]+/[^/?]+(\\?.*)?"))
                .allMatch(r -> r.contains("/namespaces/shop-prod/") || r.contains("/namespaces/cart-prod/")
                        || r.contains("/namespaces/" + PLATFORM + "/"), "namespaced");
        assertThat(requests).anyMatch(r -> r.startsWith("GET /apis/apps/v1/namespaces/shop-prod/deployments?")
                && r.contains("watch=true"));
    }

    @Test
    void givenAppsInTwoNamespaces_whenSomeoneScalesADeploymentInOne_thenItsNamespacesInformerReportsTheDrift() {
        repo.addApp("shop", "prod", TAG, true, false);
        repo.addApp("cart", "prod", TAG, true, false);
        engine.start();
        engine.syncAll(SyncTrigger.STARTUP, null);

        sandbox.client().apps().deployments().inNamespace("cart-prod").withName("cart")
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-edit")
                        .build(), "{\"spec\":{\"replicas\":3}}");

        await().atMost(WAIT).until(() -> !sink.data(DriftDetected.class).isEmpty());
        assertThat(engine.watchedNamespaces()).containsExactly("cart-prod", "shop-prod");
        assertThat(sink.data(DriftDetected.class)).singleElement().satisfies(d -> {
            assertThat(d.app()).isEqualTo("cart");
            assertThat(d.objects()).singleElement().satisfies(o -> {
                assertThat(o.namespace()).isEqualTo("cart-prod");
                assertThat(o.fieldPath()).isEqualTo("spec.replicas");
                assertThat(o.manager()).isEqualTo("kubectl-edit");
            });
        });
    }

    @Test
    void givenAnAppThatLeavesTheCatalog_whenSyncedAgain_thenTheInformersOfItsNamespaceStop() {
        repo.addApp("shop", "prod", TAG, true, false);
        repo.addApp("ledger", "prod", TAG, true, false);
        engine.start();
        engine.syncAll(SyncTrigger.STARTUP, null);
        assertThat(engine.watchedNamespaces()).containsExactly("ledger-prod", "shop-prod");
        repo.delete(List.of("apps/ledger/app.yaml", "apps/ledger/envs/prod/values.yaml"), "Remove ledger");

        engine.syncAll(SyncTrigger.WEBHOOK, null);

        assertThat(engine.watchedNamespaces()).containsExactly("shop-prod");
    }

    @Test
    void givenNamespaceCreationOnWithTheChartsClusterRole_whenAnAppTargetsAMissingNamespace_thenTheEngineCreatesIt() {
        // the chart's ClusterRole of syncEngine.createNamespaces=true (templates/rbac.yaml), and a Role in the
        // namespace to be (the sandbox, unlike Helm, stores namespaced objects of a namespace that does not exist)
        sandbox.client().rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
                .withName(ACCOUNT + "-namespaces").endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("namespaces").withVerbs("create").build()).build()).serverSideApply();
        sandbox.client().rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName(ACCOUNT + "-namespaces").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", ACCOUNT + "-namespaces")
                .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(PLATFORM).endSubject()
                .build()).serverSideApply();
        try {
            ChartRbac.serviceAccountToken(sandbox, PLATFORM, ACCOUNT,
                    Map.of("fresh-prod", ChartRbac.rules("syncEngine", "rbac", "rules")));
            repo.addApp("fresh", "prod", TAG, true, false);
            engine.close();
            engine = engine(SyncSettings.defaults(ConfigRepoFixture.FULL_NAME).withCreateNamespaces(true));

            List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

            assertThat(outcomes).singleElement().isInstanceOf(SyncOutcome.Applied.class);
            assertThat(sandbox.client().namespaces().withName("fresh-prod").get()).isNotNull();
            assertThat(account.requests()).contains("POST /api/v1/namespaces");
        } finally {
            sandbox.client().rbac().clusterRoleBindings().withName(ACCOUNT + "-namespaces").delete();
        }
    }
}
