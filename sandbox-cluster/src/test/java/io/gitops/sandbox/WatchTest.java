package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60) // a watch that never opens fails this test instead of hanging the build
class WatchTest {

  @Test
  void givenAnInformerOnDeployments_whenADeploymentIsAppliedReappliedAndDeleted_thenItSeesAddUpdateAndDelete() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {
      KubernetesClient client = sandbox.client();
      List<String> events = new CopyOnWriteArrayList<>();
      SharedIndexInformer<Deployment> informer = client.apps().deployments().inNamespace("watched")
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
              events.add("ADDED " + image(d));
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
              events.add("MODIFIED " + image(after));
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
              events.add("DELETED " + image(d));
            }
          });

      // When
      client.resource(Workloads.deployment("watched", "web", "web:1", 1)).fieldManager("sync").serverSideApply();
      client.resource(Workloads.deployment("watched", "web", "web:2", 1)).fieldManager("sync").serverSideApply();
      client.apps().deployments().inNamespace("watched").withName("web").delete();

      // Then
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(events).containsExactly("ADDED web:1", "MODIFIED web:2", "DELETED web:2"));
      informer.close();
    }
  }

  @Test
  void givenARawWatchOnOneName_whenItsStatusIsWritten_thenAModifiedEventArrives() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {
      KubernetesClient client = sandbox.client();
      Deployment d = client.resource(Workloads.deployment("w2", "web", "web:1", 1)).fieldManager("sync")
          .serverSideApply();
      List<String> actions = new CopyOnWriteArrayList<>();
      var watch = client.apps().deployments().inNamespace("w2").withName("web").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Deployment resource) {
          actions.add(action + " " + (resource.getStatus() == null ? "-" : resource.getStatus().getReplicas()));
        }

        @Override
        public void onClose(WatcherException cause) {
          // closed by the test
        }
      });

      // When
      client.apps().deployments().inNamespace("w2").withName("web").editStatus(x -> {
        x.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(7).build());
        return x;
      });

      // Then
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(actions).contains("MODIFIED 7"));
      assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
      watch.close();
    }
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}
