package io.gitops.sandbox;

import io.gitops.sandbox.Kubectl.Run;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kubectl against a sandbox with authorization on, holding a ServiceAccount's token (a Role in shop that may
 * get/list/patch deployments) or the admin's; skipped where no kubectl binary is installed.
 */
class KubectlAuthIT {

  private static SandboxCluster sandbox;
  private static Path bumper;
  private static Path admin;

  /** Output and exit code of one kubectl run. */
  @BeforeAll
  static void start(@TempDir Path dir) {
    assumeTrue(run(null, "version", "--client").exitCode() == 0, "kubectl is not installed");
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false).withAuthorization(true));
    KubernetesClient client = sandbox.client();
    for (String ns : List.of("shop", "gitops")) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
    }
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("config-bumper").withNamespace("gitops")
        .endMetadata().build()).serverSideApply();
    client.resource(new RoleBuilder().withNewMetadata().withName("bumper").withNamespace("shop").endMetadata()
        .addNewRule().withApiGroups("apps").withResources("deployments").withVerbs("get", "list", "patch").endRule()
        .build()).serverSideApply();
    client.resource(new RoleBindingBuilder().withNewMetadata().withName("bumper").withNamespace("shop").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "bumper")
        .addNewSubject().withKind("ServiceAccount").withName("config-bumper").withNamespace("gitops").endSubject()
        .build()).serverSideApply();
    client.resource(Workloads.deployment("shop", "web", "web:1", 1)).fieldManager("sync").serverSideApply();
    bumper = sandbox.writeKubeconfig(dir.resolve("bumper.kubeconfig"),
        sandbox.serviceAccountToken("gitops", "config-bumper", Duration.ofHours(1)));
    admin = sandbox.writeKubeconfig(dir.resolve("admin.kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static Run run(Path kubeconfig, String... args) {
    return Kubectl.run(kubeconfig, args);
  }


  @Test
  void givenARoleThatMayListDeploymentsInShop_whenKubectlAuthCanIListThem_thenItAnswersYes() {
    // Given: the Role and RoleBinding of start()

    // When
    Run result = run(bumper, "auth", "can-i", "list", "deployments", "-n", "shop");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().trim()).isEqualTo("yes");
  }

  @Test
  void givenARoleWithoutDelete_whenKubectlAuthCanIDeleteDeployments_thenItAnswersNo() {
    // Given: the Role of start()

    // When
    Run result = run(bumper, "auth", "can-i", "delete", "deployments", "-n", "shop");

    // Then
    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output().trim()).isEqualTo("no");
  }

  @Test
  void givenARoleInShop_whenKubectlAuthCanIListsTheRules_thenTheRolesRuleIsShown() {
    // Given: the Role of start()

    // When
    Run result = run(bumper, "auth", "can-i", "--list", "-n", "shop");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).containsPattern("deployments\\.apps\\s+\\[\\]\\s+\\[\\]\\s+\\[get list patch\\]")
        .contains("selfsubjectaccessreviews.authorization.k8s.io");
  }

  @Test
  void givenARoleInOneNamespace_whenKubectlGetsDeploymentsInAllNamespaces_thenTheServerForbidsIt() {
    // Given: a Role in shop only

    // When
    Run result = run(bumper, "get", "deployments", "-A");

    // Then
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("Error from server (Forbidden): deployments.apps is forbidden: User "
        + "\"system:serviceaccount:gitops:config-bumper\" cannot list resource \"deployments\" in API group \"apps\" "
        + "at the cluster scope");
  }

  @Test
  void givenARoleInShop_whenKubectlGetsDeploymentsThere_thenTheyAreListed() {
    // Given: the Role of start()

    // When
    Run result = run(bumper, "get", "deployments", "-n", "shop");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("web");
  }

  @Test
  void givenTheAdminKubeconfig_whenKubectlCreatesATokenAndWhoamiRuns_thenBothWork() {
    // Given: the admin kubeconfig the sandbox wrote

    // When
    Run token = run(admin, "create", "token", "config-bumper", "-n", "gitops");
    Run whoami = run(admin, "auth", "whoami");

    // Then
    assertThat(token.exitCode()).as(token.output()).isZero();
    assertThat(token.output().trim().split("\\.")).hasSize(3);
    assertThat(whoami.exitCode()).as(whoami.output()).isZero();
    assertThat(whoami.output()).contains("admin").contains("system:masters");
  }
}
