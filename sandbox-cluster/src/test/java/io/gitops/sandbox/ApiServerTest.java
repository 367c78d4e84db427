package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API server's write path as the sync engine, kubectl and drift detection see it (simulator off). */
class ApiServerTest {

  private static final String SYNC = "gitops-sync-engine";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static SandboxCluster sandbox;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false));
    client = sandbox.client();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String namespace() {
    return "api-" + NAMESPACES.incrementAndGet();
  }

  private static Deployment apply(Deployment manifest) {
    return client.resource(manifest).fieldManager(SYNC).forceConflicts().serverSideApply();
  }

  private static Deployment get(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  @Test
  void givenNoDeploymentAndNoNamespace_whenTheSyncEngineAppliesOne_thenItIsCreatedWithServerMetadataAndAnApplyEntry() {
    // Given
    String ns = namespace();

    // When
    Deployment created = apply(Workloads.deployment(ns, "web", "web:1", 2));

    // Then
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
    assertThat(entry.getManager()).isEqualTo(SYNC);
    assertThat(entry.getOperation()).isEqualTo("Apply");
    assertThat(entry.getApiVersion()).isEqualTo("apps/v1");
    assertThat(entry.getTime()).isNotBlank();
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getFieldsV1().getAdditionalProperties()).containsKey("f:spec");
    assertThat(get(ns, "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
  }

  @Test
  void givenAnAppliedDeployment_whenANewImageIsApplied_thenItIsMergedAndGenerationAndResourceVersionMove() {
    // Given
    String ns = namespace();
    Deployment first = apply(Workloads.deployment(ns, "web", "web:1", 2));

    // When
    Deployment second = apply(Workloads.deployment(ns, "web", "web:2", 2));

    // Then
    assertThat(second.getSpec().getTemplate().getSpec().getContainers()).singleElement()
        .satisfies(c -> {
          assertThat(c.getImage()).isEqualTo("web:2");
          assertThat(c.getEnv()).hasSize(1);
        });
    assertThat(second.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(second.getMetadata().getResourceVersion()).isNotEqualTo(first.getMetadata().getResourceVersion());
    assertThat(second.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
  }

  @Test
  void givenAnAppliedDeployment_whenTheSameManifestIsAppliedAgain_thenNothingChanges() {
    // Given
    String ns = namespace();
    Deployment first = apply(Workloads.deployment(ns, "web", "web:1", 2));

    // When
    Deployment again = apply(Workloads.deployment(ns, "web", "web:1", 2));

    // Then
    assertThat(again.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(again.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void givenAContainerAddedByAnotherManager_whenTheSyncEngineReapplies_thenBothContainersAreKept() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    client.apps().deployments().inNamespace(ns).withName("web").patch(
        PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"mesh\",\"image\":\"proxy:1\"}]}}}}");

    // When
    Deployment reapplied = apply(Workloads.deployment(ns, "web", "web:2", 1));

    // Then
    assertThat(reapplied.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("app=web:2", "mesh=proxy:1");
  }

  @Test
  void givenAYamlApplyBody_whenPatchedOverHttp_thenTheObjectIsCreatedUnderTheFieldManager() {
    // Given
    String ns = namespace();
    String yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          color: blue
        """;

    // When
    HttpResponse<String> response = Http.send("PATCH", sandbox.url() + "/api/v1/namespaces/" + ns
        + "/configmaps/settings?fieldManager=cli&force=true", "application/apply-patch+yaml", null, yaml);

    // Then
    assertThat(response.statusCode()).isEqualTo(201);
    ConfigMap cm = client.configMaps().inNamespace(ns).withName("settings").get();
    assertThat(cm.getData()).containsEntry("color", "blue");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(cm.getMetadata().getManagedFields()).singleElement()
        .satisfies(e -> assertThat(e.getManager()).isEqualTo("cli"));
  }

  @Test
  void givenAFieldEditedByKubectl_whenTheSyncEngineAppliesWithoutForce_thenItGets409NamingTheManager() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    client.apps().deployments().inNamespace(ns).withName("web").patch(
        new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-edit").build(),
        "{\"spec\":{\"replicas\":5}}");

    // When / Then
    assertThatThrownBy(() -> client.resource(Workloads.deployment(ns, "web", "web:1", 1)).fieldManager(SYNC)
        .serverSideApply())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> {
          KubernetesClientException k = (KubernetesClientException) e;
          assertThat(k.getCode()).isEqualTo(409);
          assertThat(k.getStatus().getMessage()).contains("kubectl-edit").contains(".spec.replicas");
          assertThat(k.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getField()).isEqualTo(".spec.replicas"));
        });
  }

  @Test
  void givenAnAppliedDeployment_whenKubectlEditsIt_thenAnUpdateEntryNamesKubectlEditAndTheChangedField() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    Deployment edited = client.apps().deployments().inNamespace(ns).withName("web").patch(
        new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-edit").build(),
        "{\"spec\":{\"replicas\":3}}");

    // Then
    assertThat(edited.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SYNC, "Apply"),
            org.assertj.core.groups.Tuple.tuple("kubectl-edit", "Update"));
    assertThat(edited.getMetadata().getManagedFields().get(1).getFieldsV1().getAdditionalProperties().toString())
        .isEqualTo("{f:spec={f:replicas={}}}");
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void givenAJsonPatchWithoutFieldManager_whenSentByKubectl_thenTheManagerComesFromTheUserAgent() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    HttpResponse<String> response = Http.send("PATCH", sandbox.url() + "/apis/apps/v1/namespaces/" + ns
        + "/deployments/web", "application/json-patch+json", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/team\",\"value\":\"blue\"}]");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    Deployment patched = get(ns, "web");
    assertThat(patched.getMetadata().getLabels()).containsEntry("team", "blue");
    assertThat(patched.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .contains("kubectl");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(1L);
  }

  /** Requests the server must refuse, against an applied Deployment {@code web} in a fresh namespace. */
  static Stream<Arguments> refusedRequests() {
    String deployment = "/apis/apps/v1/namespaces/%s/deployments/web";
    return Stream.of(
        Arguments.of("PATCH", deployment, "text/plain", "x", 415),
        Arguments.of("PATCH", deployment, "application/json-patch+json",
            "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]", 422),
        Arguments.of("PATCH", deployment, "application/merge-patch+json", "{", 400),
        Arguments.of("PATCH", deployment + "-missing", "application/merge-patch+json", "{}", 404),
        Arguments.of("PATCH", deployment, "application/apply-patch+yaml", "metadata: {}", 400),
        Arguments.of("PATCH", deployment, "application/apply-patch+yaml",
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"other\"}}", 400),
        Arguments.of("PATCH", deployment + "/status", "application/apply-patch+yaml",
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}", 200),
        Arguments.of("PUT", deployment + "-missing", "application/json", "{}", 404),
        Arguments.of("POST", "/api/v1/namespaces/%s/configmaps", "application/json", "[", 400),
        Arguments.of("PATCH", deployment + "/scale", "application/merge-patch+json", "{", 400),
        Arguments.of("GET", "/api/v1/namespaces/%s/configmaps/x/scale", null, null, 404),
        Arguments.of("PATCH", "/apis/apps/v1/namespaces/%s/deployments/nothing/status",
            "application/apply-patch+yaml", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}", 404));
  }

  @ParameterizedTest(name = "{0} {1} as {2} -> {4}")
  @MethodSource("refusedRequests")
  void givenAnAppliedDeployment_whenABadOrMisdirectedRequestIsSent_thenTheServerAnswersWithTheRightCode(
      String method, String path, String contentType, String body, int expected) {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    HttpResponse<String> response = Http.send(method, sandbox.url() + path.formatted(ns), contentType, null, body);

    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
  }

  @Test
  void givenADeploymentWithStatus_whenOnlyStatusIsWritten_thenGenerationStaysAndResourceVersionMoves() {
    // Given
    String ns = namespace();
    Deployment applied = apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    Deployment written = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(applied)
        .withStatus(new DeploymentStatusBuilder().withReplicas(1).withObservedGeneration(1L).build()).build())
        .updateStatus();

    // Then
    assertThat(written.getStatus().getReplicas()).isEqualTo(1);
    assertThat(written.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(written.getMetadata().getResourceVersion()).isNotEqualTo(applied.getMetadata().getResourceVersion());
    assertThat(written.getMetadata().getManagedFields()).anySatisfy(e -> assertThat(e.getSubresource())
        .isEqualTo("status"));
  }

  @Test
  void givenADeploymentWithStatus_whenTheMainResourceIsReplaced_thenStatusIsKeptAndGenerationMoves() {
    // Given
    String ns = namespace();
    Deployment applied = apply(Workloads.deployment(ns, "web", "web:1", 1));
    Deployment withStatus = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(applied)
        .withStatus(new DeploymentStatusBuilder().withReplicas(1).build()).build()).updateStatus();

    // When
    Deployment replaced = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(withStatus)
        .editSpec().withReplicas(4).endSpec().withStatus(null).build()).update();

    // Then
    assertThat(replaced.getSpec().getReplicas()).isEqualTo(4);
    assertThat(replaced.getStatus().getReplicas()).isEqualTo(1);
    assertThat(replaced.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(replaced.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .contains("fabric8-kubernetes-client");
  }

  @Test
  void givenADeploymentOwningAReplicaSet_whenTheDeploymentIsDeleted_thenTheReplicaSetIsCollected() {
    // Given
    String ns = namespace();
    Deployment owner = apply(Workloads.deployment(ns, "web", "web:1", 1));
    client.resource(new ReplicaSetBuilder().withNewMetadata().withName("web-1").withNamespace(ns)
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web")
        .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withReplicas(1).endSpec().build()).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("unowned").withNamespace(ns).endMetadata()
        .build()).create();

    // When
    client.apps().deployments().inNamespace(ns).withName("web").delete();

    // Then
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(ns).withName("unowned").get()).isNotNull();
  }

  @Test
  void givenAnOwnedReplicaSet_whenTheOwnerIsDeletedWithOrphanPropagation_thenTheReplicaSetStays() {
    // Given
    String ns = namespace();
    Deployment owner = apply(Workloads.deployment(ns, "web", "web:1", 1));
    client.resource(new ReplicaSetBuilder().withNewMetadata().withName("web-1").withNamespace(ns)
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web")
        .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withReplicas(1).endSpec().build()).create();

    // When
    HttpResponse<String> response = Http.send("DELETE", sandbox.url() + "/apis/apps/v1/namespaces/" + ns
        + "/deployments/web", "application/json", null, "{\"propagationPolicy\":\"Orphan\"}");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.apps().replicaSets().inNamespace(ns).withName("web-1").get()).isNotNull();
  }

  @Test
  void givenAConfigMapWithoutSpec_whenItsDataChanges_thenGenerationMoves() {
    // Given
    String ns = namespace();
    ConfigMap cm = client.resource(new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace(ns)
        .endMetadata().addToData("a", "1").build()).create();

    // When
    ConfigMap changed = client.configMaps().inNamespace(ns).withName("c").edit(c -> new ConfigMapBuilder(c)
        .addToData("a", "2").build());

    // Then
    assertThat(cm.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(changed.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getOperation)
        .containsOnly("Update");
  }

  @Test
  void givenTheDiscoveryEndpoints_whenFabric8AsksForApiGroups_thenTheBuiltInGroupsAreServed() {
    // Given / When
    List<String> groups = client.getApiGroups().getGroups().stream().map(g -> g.getName()).toList();

    // Then
    assertThat(groups).contains("apps", "batch", "networking.k8s.io", "policy", "autoscaling",
        "rbac.authorization.k8s.io", "apiextensions.k8s.io");
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
    assertThat(Http.get(sandbox.url() + "/apis/apps/v1").headers().firstValue("Content-Type"))
        .hasValue("application/json");
    assertThat(Http.get(sandbox.url() + "/openapi/v2").statusCode()).isEqualTo(404);
    assertThat(Http.send("OPTIONS", sandbox.url() + "/api/v1/pods", null, null, null).statusCode()).isEqualTo(405);
  }

  @Test
  void givenADeployment_whenFabric8ScalesIt_thenSpecReplicasAndGenerationFollow() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    Deployment scaled = client.apps().deployments().inNamespace(ns).withName("web").scale(5);

    // Then
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void givenADeployment_whenKubectlPatchesItsScale_thenTheScaleAnswersAndTheDeploymentFollows() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    String scaleUrl = sandbox.url() + "/apis/apps/v1/namespaces/" + ns + "/deployments/web/scale";

    // When
    HttpResponse<String> patched = Http.send("PATCH", scaleUrl, "application/merge-patch+json",
        "kubectl/v1.32.4", "{\"spec\":{\"replicas\":3}}");

    // Then
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.body()).contains("\"kind\":\"Scale\"").contains("\"replicas\":3")
        .contains("\"selector\":\"app=web\"");
    Deployment d = get(ns, "web");
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).contains("kubectl");
  }

  @Test
  void givenADeployment_whenItsScaleIsJsonPatched_thenTheDeploymentFollows() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // When
    HttpResponse<String> patched = Http.send("PATCH", sandbox.url() + "/apis/apps/v1/namespaces/" + ns
        + "/deployments/web/scale", "application/json-patch+json", null,
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");

    // Then
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(get(ns, "web").getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void givenANamespaceWithObjects_whenTheNamespaceIsDeleted_thenItsObjectsAreDeletedToo() {
    // Given
    String ns = namespace();
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(ns).endMetadata().build()).create();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    String other = namespace();
    apply(Workloads.deployment(other, "web", "web:1", 1));

    // When
    client.namespaces().withName(ns).delete();

    // Then
    assertThat(get(ns, "web")).isNull();
    assertThat(get(other, "web")).isNotNull();
  }

  @Test
  void givenAnAppliedCrd_whenACustomResourceIsApplied_thenItIsServedUnderTheNewGroup() {
    // Given
    String ns = namespace();
    client.resource(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.example.com").endMetadata()
        .withNewSpec().withGroup("example.com").withScope("Namespaced")
        .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
        .endSpec().build()).fieldManager(SYNC).serverSideApply();
    io.fabric8.kubernetes.api.model.GenericKubernetesResource widget =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
            .withKind("Widget").withNewMetadata().withName("w1").withNamespace(ns).endMetadata()
            .addToAdditionalProperties("spec", java.util.Map.of("size", 3)).build();

    // When
    client.resource(widget).fieldManager(SYNC).serverSideApply();

    // Then
    assertThat(client.genericKubernetesResources("example.com/v1", "Widget").inNamespace(ns).list().getItems())
        .singleElement().satisfies(w -> {
          assertThat(w.getMetadata().getName()).isEqualTo("w1");
          assertThat(w.getMetadata().getManagedFields()).singleElement()
              .satisfies(e -> assertThat(e.getManager()).isEqualTo(SYNC));
        });
    assertThat(Http.get(sandbox.url() + "/apis/example.com/v1").body()).contains("\"name\":\"widgets\"");
  }
}
