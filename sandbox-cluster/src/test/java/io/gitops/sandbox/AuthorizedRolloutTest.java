package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The path the services take, with authorization on: a ServiceAccount holding only a Role in its namespace applies
 * a Deployment server-side, the simulator rolls it out, and the ServiceAccount's informers follow it.
 */
@Timeout(60) // a watch that never opens fails this test instead of hanging the build
class AuthorizedRolloutTest {

  @Test
  void givenAServiceAccountWithANamespacedRole_whenItAppliesAndWatchesADeployment_thenTheRolloutCompletesUnderRbac() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withAuthorization(true)
        .withTick(Duration.ofMillis(20)).withTimeScale(600))) {
      KubernetesClient admin = sandbox.client();
      admin.resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).serverSideApply();
      admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("sync").withNamespace("shop").endMetadata()
          .build()).serverSideApply();
      admin.resource(new RoleBuilder().withNewMetadata().withName("sync").withNamespace("shop").endMetadata()
          .addNewRule().withApiGroups("apps").withResources("deployments")
          .withVerbs("get", "list", "watch", "create", "patch").endRule()
          .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch").endRule().build())
          .serverSideApply();
      admin.resource(new RoleBindingBuilder().withNewMetadata().withName("sync").withNamespace("shop").endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", "sync")
          .addNewSubject().withKind("ServiceAccount").withName("sync").endSubject().build()).serverSideApply();
      List<String> readyPods = new CopyOnWriteArrayList<>();
      try (KubernetesClient sync = sandbox.client(sandbox.serviceAccountToken("shop", "sync", Duration.ofHours(1)))) {
        SharedIndexInformer<Pod> pods = sync.pods().inNamespace("shop").inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            // counted on update
          }

          @Override
          public void onUpdate(Pod before, Pod after) {
            if (after.getStatus() != null && "Running".equals(after.getStatus().getPhase())) {
              readyPods.add(after.getMetadata().getName());
            }
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {
            // not looked at
          }
        });

        // When
        sync.resource(Workloads.deployment("shop", "web", "web:1", 2)).fieldManager("gitops-sync-engine")
            .forceConflicts().serverSideApply();

        // Then
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
          Deployment d = sync.apps().deployments().inNamespace("shop").withName("web").get();
          assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyPods).isNotEmpty());
        assertThatThrownBy(() -> sync.apps().replicaSets().inNamespace("shop").list())
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        pods.close();
      }
    }
  }
}
