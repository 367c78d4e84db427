package io.gitops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authentication (admin, ServiceAccount and user tokens, 401), the exact 403 bodies, TokenRequest, self reviews
 * and the control API under authorization.
 */
class AuthenticationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
  private static SandboxCluster sandbox;
  private static KubernetesClient admin;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return NOW.get();
    }
  }

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false).withAuthorization(true)
        .withClock(new TestClock()));
    admin = sandbox.client();
    admin.resource(new NamespaceBuilder().withNewMetadata().withName("gitops").endMetadata().build()).serverSideApply();
    serviceAccount("config-bumper");
    admin.resource(new ClusterRoleBuilder().withNewMetadata().withName("deploy-reader").endMetadata()
        .addNewRule().withApiGroups("apps").withResources("deployments").withVerbs("get", "list").endRule().build())
        .serverSideApply();
    admin.resource(new RoleBindingBuilder().withNewMetadata().withName("reader").withNamespace("shop").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "deploy-reader")
        .addNewSubject().withKind("ServiceAccount").withName("config-bumper").withNamespace("gitops").endSubject()
        .build()).serverSideApply();
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static void serviceAccount(String name) {
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace("gitops").endMetadata()
        .build()).serverSideApply();
  }

  private static HttpResponse<String> get(String path, String token) {
    return Http.send("GET", sandbox.url() + path, null, null, null, token);
  }

  private static String bumperToken() {
    return sandbox.serviceAccountToken("gitops", "config-bumper", Duration.ofHours(1));
  }

  @Test
  void givenAuthorizationOn_whenARequestCarriesNoToken_thenItGets401WithKubeApiserversStatus() {
    // Given: the sandbox of start()

    // When
    HttpResponse<String> response = get("/api/v1/namespaces", null);

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
  }

  @Test
  void givenAuthorizationOn_whenATokenIsUnknown_thenItGets401() {
    // Given: a token the sandbox never issued
    String token = "not-a-token";

    // When
    HttpResponse<String> response = get("/api/v1/namespaces", token);

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void givenAServiceAccountRoleBoundInShop_whenItPatchesThere_thenThe403BodyIsKubeApiserversForNamedNamespaced() {
    // Given
    String token = bumperToken();

    // When
    HttpResponse<String> response = Http.send("PATCH", sandbox.url()
        + "/apis/apps/v1/namespaces/shop/deployments/x", "application/merge-patch+json", null, "{}", token);

    // Then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"deployments.apps \\\"x\\\" is forbidden: User "
        + "\\\"system:serviceaccount:gitops:config-bumper\\\" cannot patch resource \\\"deployments\\\" in API group "
        + "\\\"apps\\\" in the namespace \\\"shop\\\"\",\"reason\":\"Forbidden\",\"details\":{\"name\":\"x\","
        + "\"group\":\"apps\",\"kind\":\"deployments\"},\"code\":403}");
  }

  @Test
  void givenAServiceAccountWithoutClusterGrants_whenItListsPodsEverywhere_thenThe403NamesTheClusterScope() {
    // Given
    String token = bumperToken();

    // When
    HttpResponse<String> response = get("/api/v1/pods", token);

    // Then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"pods is forbidden: User \\\"system:serviceaccount:gitops:config-bumper\\\" "
        + "cannot list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\",\"reason\":\"Forbidden\","
        + "\"details\":{\"kind\":\"pods\"},\"code\":403}");
  }

  @Test
  void givenAReaderOfDeployments_whenItGetsTheScaleSubresource_thenThe403NamesDeploymentsSlashScale()
      throws IOException {
    // Given
    String token = bumperToken();

    // When
    HttpResponse<String> response = get("/apis/apps/v1/namespaces/shop/deployments/web/scale", token);

    // Then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("deployments.apps \"web\" is "
        + "forbidden: User \"system:serviceaccount:gitops:config-bumper\" cannot get resource \"deployments/scale\" in "
        + "API group \"apps\" in the namespace \"shop\"");
  }

  @Test
  void givenAnyAuthenticatedUser_whenItReadsDiscovery_thenItIsAllowedButNotOtherPaths() {
    // Given
    String token = sandbox.userToken("carol");

    // When
    HttpResponse<String> apis = get("/apis", token);
    HttpResponse<String> version = get("/version", token);
    HttpResponse<String> groupVersion = get("/apis/apps/v1", token);
    HttpResponse<String> other = get("/metrics", token);

    // Then
    assertThat(apis.statusCode()).isEqualTo(200);
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(groupVersion.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("\"message\":\"forbidden: User \\\"carol\\\" cannot get path \\\"/metrics\\\"\"");
  }

  @Test
  void givenAServiceAccount_whenAdminPostsATokenRequest_thenTheTokenAuthenticatesAsTheServiceAccount() {
    // Given
    TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build();

    // When
    TokenRequest issued = admin.serviceAccounts().inNamespace("gitops").withName("config-bumper").tokenRequest(request);

    // Then
    assertThat(issued.getStatus().getExpirationTimestamp()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(issued.getSpec().getAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
    assertThat(issued.getStatus().getToken().split("\\.")).hasSize(3);
    HttpResponse<String> whoami = Http.send("POST", sandbox.url()
        + "/apis/authentication.k8s.io/v1/selfsubjectreviews", "application/json", null,
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}", issued.getStatus().getToken());
    assertThat(whoami.body()).contains("\"username\":\"system:serviceaccount:gitops:config-bumper\"")
        .contains("\"groups\":[\"system:serviceaccounts\",\"system:serviceaccounts:gitops\",\"system:authenticated\"]");
  }

  @Test
  void givenNoSuchServiceAccount_whenATokenIsRequested_thenItGets404() {
    // Given: no ServiceAccount gitops/ghost

    // When
    HttpResponse<String> response = Http.send("POST", sandbox.url()
        + "/api/v1/namespaces/gitops/serviceaccounts/ghost/token", "application/json", null,
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}", sandbox.adminToken());

    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"message\":\"serviceaccounts \\\"ghost\\\" not found\"")
        .contains("\"reason\":\"NotFound\"");
    assertThatThrownBy(() -> sandbox.serviceAccountToken("gitops", "ghost", Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenATokenRequestUnderTenMinutes_whenPosted_thenItIsInvalid() {
    // Given
    String body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\","
        + "\"spec\":{\"expirationSeconds\":60}}";

    // When
    HttpResponse<String> response = Http.send("POST", sandbox.url()
        + "/api/v1/namespaces/gitops/serviceaccounts/config-bumper/token", "application/json", null, body,
        sandbox.adminToken());

    // Then
    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void givenAServiceAccountWithoutTheTokenSubresource_whenItRequestsAToken_thenItIsForbidden() {
    // Given
    String token = bumperToken();

    // When
    HttpResponse<String> response = Http.send("POST", sandbox.url()
        + "/api/v1/namespaces/gitops/serviceaccounts/config-bumper/token", "application/json", null, "{}", token);

    // Then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("cannot create resource \\\"serviceaccounts/token\\\" in API group \\\"\\\" "
        + "in the namespace \\\"gitops\\\"");
  }

  @Test
  void givenAServiceAccountToken_whenItsLifetimeHasPassed_thenItGets401() {
    // Given
    serviceAccount("short-lived");
    String token = sandbox.serviceAccountToken("gitops", "short-lived", Duration.ofMinutes(10));
    assertThat(get("/apis", token).statusCode()).isEqualTo(200);

    // When
    NOW.updateAndGet(t -> t.plus(Duration.ofMinutes(11)));

    // Then
    assertThat(get("/apis", token).statusCode()).isEqualTo(401);
  }

  @Test
  void givenAServiceAccountToken_whenTheServiceAccountIsDeleted_thenTheTokenNoLongerAuthenticates() {
    // Given
    serviceAccount("doomed");
    String token = sandbox.serviceAccountToken("gitops", "doomed", Duration.ofHours(1));
    assertThat(get("/apis", token).statusCode()).isEqualTo(200);

    // When
    admin.serviceAccounts().inNamespace("gitops").withName("doomed").delete();

    // Then
    assertThat(get("/apis", token).statusCode()).isEqualTo(401);
  }

  @Test
  void givenARoleBindingToAClusterRoleInShop_whenTheServiceAccountReviewsItsAccess_thenOnlyShopIsAllowed() {
    // Given
    try (KubernetesClient bumper = sandbox.client(bumperToken())) {

      // When
      SelfSubjectAccessReview inShop = bumper.authorization().v1().selfSubjectAccessReview().create(review("shop"));
      SelfSubjectAccessReview inOther = bumper.authorization().v1().selfSubjectAccessReview().create(review("other"));
      SelfSubjectAccessReview everywhere = bumper.authorization().v1().selfSubjectAccessReview().create(review(""));

      // Then
      assertThat(inShop.getStatus().getAllowed()).isTrue();
      assertThat(inShop.getStatus().getReason()).isEqualTo("RBAC: allowed by RoleBinding \"reader/shop\" of "
          + "ClusterRole \"deploy-reader\" to ServiceAccount \"config-bumper/gitops\"");
      assertThat(inOther.getStatus().getAllowed()).isFalse();
      assertThat(everywhere.getStatus().getAllowed()).isFalse();
    }
  }

  @Test
  void givenARoleBindingInShop_whenTheServiceAccountReviewsItsRules_thenTheClusterRolesRulesAreListed() {
    // Given
    try (KubernetesClient bumper = sandbox.client(bumperToken())) {

      // When
      SelfSubjectRulesReview rules = bumper.authorization().v1().selfSubjectRulesReview().create(
          new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("shop").endSpec().build());

      // Then
      assertThat(rules.getStatus().getResourceRules()).anySatisfy(r -> {
        assertThat(r.getResources()).containsExactly("deployments");
        assertThat(r.getVerbs()).containsExactly("get", "list");
      });
      assertThat(rules.getStatus().getIncomplete()).isFalse();
    }
  }

  @Test
  void givenAuthorizationOn_whenANonAdminUsesTheControlApi_thenOnlyTheAdminMay() {
    // Given
    String user = sandbox.userToken("mallory");

    // When
    HttpResponse<String> byUser = get("/sandbox/v1/failures", user);
    HttpResponse<String> byAdmin = get("/sandbox/v1/failures", sandbox.adminToken());
    HttpResponse<String> anonymous = get("/sandbox/v1/failures", null);

    // Then
    assertThat(byUser.statusCode()).isEqualTo(403);
    assertThat(byAdmin.statusCode()).isEqualTo(200);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void givenAuthorizationOn_whenTheSandboxWritesKubeconfigs_thenTheyHoldTheAdminOrTheGivenToken(@TempDir Path dir)
      throws IOException {
    // Given
    String token = bumperToken();

    // When
    Path adminConfig = sandbox.writeKubeconfig(dir.resolve("admin"));
    Path serviceConfig = sandbox.writeKubeconfig(dir.resolve("svc/kubeconfig"), token);

    // Then
    assertThat(Files.readString(adminConfig)).contains("token: " + sandbox.adminToken());
    assertThat(sandbox.kubeconfig()).contains("token: " + sandbox.adminToken());
    assertThat(Files.readString(serviceConfig)).contains("token: " + token);
    try (KubernetesClient fromFile = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(serviceConfig))).build()) {
      assertThat(fromFile.apps().deployments().inNamespace("shop").list().getItems()).isEmpty();
      assertThatThrownBy(() -> fromFile.pods().inNamespace("shop").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  private static SelfSubjectAccessReview review(String namespace) {
    return new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb("list")
        .withGroup("apps").withResource("deployments").withNamespace(namespace).endResourceAttributes().endSpec()
        .build();
  }

  static JsonNode parse(String body) throws IOException {
    return JSON.readTree(body);
  }
}
