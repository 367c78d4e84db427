package io.gitops.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class SandboxExtensionTest {

    @AfterEach
    void closeShared() {
        SharedResources.closeAll();
    }

    static boolean serves(SandboxCluster sandbox) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sandbox.port())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void givenAClassScopedSandbox_whenTheClassRuns_thenItIsSharedWithItsKubeconfigAndClosedAfterwards() {
        TestExecutionSummary summary = Run.classes(ClassScoped.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(serves(ClassScoped.seen)).isFalse();
        assertThat(ClassScoped.kubeconfigSeen).doesNotExist();
    }

    @Test
    void givenTheSimulator_whenTheSandboxIsHandedOut_thenTheSimulatorIsAttached() {
        TestExecutionSummary summary = Run.classes(Simulating.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void givenJvmScope_whenTwoClassesRun_thenTheyShareTheSandboxTheSharedHandleGives() {
        TestExecutionSummary summary = Run.classes(JvmScopedA.class, JvmScopedB.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(JvmScopedA.seen).isSameAs(JvmScopedB.seen)
                .isSameAs(Sandboxes.shared(false, Duration.ofMillis(200)).cluster());
        assertThat(serves(JvmScopedA.seen)).isTrue();

        SharedResources.closeAll();

        assertThat(serves(JvmScopedA.seen)).isFalse();
    }

    @Test
    void aPathParameterWithoutKubeconfigIsNotTheExtensions() {
        TestExecutionSummary summary = Run.classes(PlainPath.class);

        assertThat(Run.failureMessages(summary)).singleElement().asString().contains("No ParameterResolver registered");
    }

    @Test
    void sharedSandboxesDifferByConfiguration() {
        Sandboxes.Handle slow = Sandboxes.shared(false, Duration.ofMillis(200));
        Sandboxes.Handle fast = Sandboxes.shared(false, Duration.ofMillis(50));

        assertThat(slow).isNotSameAs(fast).isSameAs(Sandboxes.shared(false, Duration.ofMillis(200)));
    }

    @Test
    void aSandboxWithoutSimulatorHasNoneToAwait() {
        try (Sandboxes.Handle handle = Sandboxes.start(false, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> handle.cluster().simulator().awaitAttached(Duration.ofMillis(1)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @WithSandbox(simulate = false)
    static class ClassScoped {
        static SandboxCluster seen;
        static Path kubeconfigSeen;

        @Provided
        static SandboxCluster sandbox;

        @Provided
        @Kubeconfig
        Path kubeconfigField;

        @BeforeAll
        static void start(SandboxCluster cluster, @Kubeconfig Path kubeconfig) {
            seen = cluster;
            kubeconfigSeen = kubeconfig;
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                    .endMetadata().build()).create();
        }

        @Test
        void oneSandboxForTheClass(SandboxCluster cluster) {
            assertThat(cluster).isSameAs(seen).isSameAs(sandbox);
            assertThat(cluster.client().namespaces().withName("shop").get()).isNotNull();
        }

        @Test
        void itsKubeconfigPointsAtIt(@Kubeconfig Path kubeconfig) throws Exception {
            assertThat(kubeconfig).isEqualTo(kubeconfigSeen).isEqualTo(kubeconfigField);
            assertThat(Files.readString(kubeconfig)).contains(seen.url());
        }
    }

    @WithSandbox(tickMillis = 50)
    static class Simulating {
        @Test
        void attached(SandboxCluster cluster) {
            cluster.simulator().awaitAttached(Duration.ofMillis(1));
        }
    }

    @WithSandbox(simulate = false, scope = Scope.JVM)
    static class JvmScopedA {
        static SandboxCluster seen;

        @Test
        void remember(SandboxCluster cluster) {
            seen = cluster;
        }
    }

    @WithSandbox(simulate = false, scope = Scope.JVM)
    static class JvmScopedB {
        static SandboxCluster seen;

        @Test
        void remember(SandboxCluster cluster) {
            seen = cluster;
        }
    }

    @WithSandbox(simulate = false)
    static class PlainPath {
        @Test
        void asks(Path path) {
        }
    }
}
