package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {

  private static final JsonNode CRD = Json.obj("""
      {'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition','metadata':{'name':'widgets.example.com'},
       'spec':{'group':'example.com','scope':'Namespaced',
               'names':{'plural':'widgets','singular':'widget','kind':'Widget','shortNames':['wd']},
               'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}}},
                           {'name':'v0','served':false,'storage':false}]}}""");

  private final Discovery discovery = new Discovery(ApiResourceCatalog.builtIn(), () -> List.of(CRD),
      () -> "127.0.0.1:1234");

  @Test
  void givenTheAppsGroup_whenItsResourceListIsRead_thenDeploymentsAndReplicaSetsHaveKubectlShortNames() {
    // Given / When
    JsonNode list = discovery.document("/apis/apps/v1").orElseThrow();

    // Then
    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.path("groupVersion").asText()).isEqualTo("apps/v1");
    JsonNode deployments = resource(list, "deployments");
    assertThat(deployments.path("singularName").asText()).isEqualTo("deployment");
    assertThat(deployments.path("kind").asText()).isEqualTo("Deployment");
    assertThat(deployments.path("namespaced").asBoolean()).isTrue();
    assertThat(texts(deployments.path("shortNames"))).containsExactly("deploy");
    assertThat(texts(deployments.path("verbs"))).contains("get", "list", "watch", "patch", "create", "delete");
    assertThat(texts(resource(list, "replicasets").path("shortNames"))).containsExactly("rs");
    assertThat(resource(list, "deployments/scale").path("kind").asText()).isEqualTo("Scale");
    assertThat(resource(list, "deployments/status").path("verbs")).hasSize(3);
  }

  @Test
  void givenTheCoreGroup_whenItsResourceListIsRead_thenPodsServicesConfigMapsAndNamespacesAreThere() {
    // Given / When
    JsonNode list = discovery.document("/api/v1").orElseThrow();

    // Then
    assertThat(texts(resource(list, "pods").path("shortNames"))).containsExactly("po");
    assertThat(texts(resource(list, "services").path("shortNames"))).containsExactly("svc");
    assertThat(texts(resource(list, "configmaps").path("shortNames"))).containsExactly("cm");
    assertThat(resource(list, "namespaces").path("namespaced").asBoolean()).isFalse();
    assertThat(texts(resource(list, "namespaces").path("shortNames"))).containsExactly("ns");
  }

  @Test
  void givenAStoredCrd_whenTheGroupListIsRead_thenBuiltInAndCustomGroupsAreListed() {
    // Given / When
    JsonNode groups = discovery.document("/apis/").orElseThrow();

    // Then
    List<String> names = new ArrayList<>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertThat(names).contains("apps", "batch", "networking.k8s.io", "policy", "autoscaling",
        "rbac.authorization.k8s.io", "apiextensions.k8s.io", "example.com");
    assertThat(discovery.document("/apis/example.com").orElseThrow().at("/preferredVersion/groupVersion").asText())
        .isEqualTo("example.com/v1");
    JsonNode widgets = resource(discovery.document("/apis/example.com/v1").orElseThrow(), "widgets");
    assertThat(texts(widgets.path("shortNames"))).containsExactly("wd");
    assertThat(discovery.document("/apis/example.com/v0")).isEmpty();
  }

  @Test
  void givenTheVersionPath_whenRead_thenAKubernetesVersionIsServed() {
    // Given / When
    Optional<JsonNode> version = discovery.document("/version");

    // Then
    assertThat(version.orElseThrow().path("major").asText()).isEqualTo("1");
    assertThat(version.orElseThrow().path("gitVersion").asText()).endsWith("-sandbox");
  }

  @Test
  void givenTheApiPath_whenRead_thenTheCoreVersionAndServerAddressAreServed() {
    // Given / When
    JsonNode api = discovery.document("/api").orElseThrow();

    // Then
    assertThat(texts(api.path("versions"))).containsExactly("v1");
    assertThat(api.at("/serverAddressByClientCIDRs/0/serverAddress").asText()).isEqualTo("127.0.0.1:1234");
  }

  @Test
  void givenTheRootPath_whenRead_thenEveryGroupVersionPathIsListed() {
    // Given / When
    JsonNode root = discovery.document("/").orElseThrow();

    // Then
    assertThat(texts(root.path("paths"))).contains("/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1",
        "/apis/example.com/v1", "/version");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/namespaces/demo/pods", "/apis/nothing.io", "/apis/apps/v2", "/healthz"})
  void givenAPathThatIsNotDiscovery_whenRead_thenNothingIsServed(String path) {
    // Given / When
    Optional<JsonNode> document = discovery.document(path);

    // Then
    assertThat(document).isEmpty();
  }

  private static JsonNode resource(JsonNode list, String name) {
    for (JsonNode r : list.path("resources")) {
      if (name.equals(r.path("name").asText())) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + list);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
