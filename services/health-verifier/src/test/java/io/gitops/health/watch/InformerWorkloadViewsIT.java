package io.gitops.health.watch;

import static io.gitops.health.testing.TestVerifiers.namespace;
import static io.gitops.health.testing.TestVerifiers.uniqueApp;
import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.health.model.AppEnv;
import io.gitops.health.testing.GapClient;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Scope;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.Test;

/** The informer-backed view against the sandbox: what the API server deleted leaves the view by the watch alone. */
@WithSandbox(tickMillis = 50, scope = Scope.JVM)
class InformerWorkloadViewsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Names of the pods the view reported deleted. */
    private static final class DeletedPods implements ViewListener {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void podObserved(Pod pod) {
        }

        @Override
        public void podDeleted(Pod pod) {
            names.add(pod.getMetadata().getName());
        }

        @Override
        public void changed(HasMetadata object) {
        }

        @Override
        public void deleted(HasMetadata object) {
        }
    }

    @Test
    void givenAPodDeletedBetweenThePodListAndThePodWatch_whenTheViewIsOpened_thenItLeavesThePodOutWithoutLookingItUp(
            SandboxCluster sandbox) {
        // Given a Deployment's pod that is deleted after the view listed the pods and before it watches them
        KubernetesClient admin = sandbox.client();
        AppEnv app = uniqueApp("view");
        String ns = namespace(app);
        apply(admin, deployment(ns, app.app(), app.labels(), "registry.local:5000/" + app.app() + ":1", 2));
        await().atMost(WAIT).until(() -> admin.pods().inNamespace(ns).list().getItems().size() == 2);
        String deleted = admin.pods().inNamespace(ns).list().getItems().get(0).getMetadata().getName();
        DeletedPods listener = new DeletedPods();
        try (GapClient gapClient = new GapClient(sandbox)) {
            gapClient.beforeNextPodWatch(ns, () -> admin.pods().inNamespace(ns).withName(deleted).delete());

            // When the view is opened
            try (WorkloadView view = new InformerWorkloadViews(gapClient.client(), Duration.ofSeconds(1), WAIT)
                    .open(ns, app.labels(), listener)) {

                // Then the watch delivers the deletion and the pod is no longer in the view
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(listener.names).containsExactly(deleted);
                    assertThat(view.snapshot(Instant.now()).pods()).extracting(p -> p.getMetadata().getName())
                            .doesNotContain(deleted);
                });
                assertThat(gapClient.gapRan()).isTrue();
                assertThat(gapClient.podLookups()).isEmpty();
            }
        }
    }
}
