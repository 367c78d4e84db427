package io.gitops.testing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Provided;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import org.junit.jupiter.api.Test;

class SandboxTestResourceTest {

    @Provided
    SandboxCluster injected;

    static boolean serves(SandboxCluster sandbox) {
        try (Socket socket = new Socket("127.0.0.1", sandbox.port())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private TestInjector injector() {
        return (Object value, Predicate<Field> matches) -> {
            for (Field field : SandboxTestResourceTest.class.getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.set(this, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    static final class Configuring extends SandboxTestResource {
        @Override
        protected Map<String, String> configure(SandboxCluster sandbox, Path kubeconfig) {
            return Map.of("app.namespace", "apps");
        }
    }

    @Test
    void givenInitArgs_whenStarted_thenTheNamedPropertiesPointAtTheSandboxUntilItStops() throws Exception {
        Configuring resource = new Configuring();
        resource.init(Map.of("simulate", "false", "url-property", "kubernetes.master",
                "kubeconfig-property", "app.kubeconfig", "url-system-property", "test-support.url",
                "kubeconfig-system-property", "test-support.kubeconfig"));

        Map<String, String> config = resource.start();
        resource.inject(injector());

        SandboxCluster sandbox = injected;
        assertThat(config).containsEntry("kubernetes.master", sandbox.url()).containsEntry("app.namespace", "apps")
                .containsKey("app.kubeconfig");
        Path kubeconfig = Path.of(config.get("app.kubeconfig"));
        assertThat(Files.readString(kubeconfig)).contains(sandbox.url());
        assertThat(System.getProperty("test-support.url")).isEqualTo(sandbox.url());
        assertThat(System.getProperty("test-support.kubeconfig")).isEqualTo(kubeconfig.toString());

        resource.stop();

        assertThat(System.getProperty("test-support.url")).isNull();
        assertThat(System.getProperty("test-support.kubeconfig")).isNull();
        assertThat(serves(sandbox)).isFalse();
        assertThat(kubeconfig).doesNotExist();
    }

    @Test
    void givenShared_whenStopped_thenTheJvmsSandboxKeepsServing() {
        SandboxTestResource resource = new SandboxTestResource();
        resource.init(Map.of("shared", "true", "tick-ms", "50"));

        assertThat(resource.start()).isEmpty();
        resource.inject(injector());
        resource.stop();

        assertThat(injected).isSameAs(Sandboxes.shared(true, Duration.ofMillis(50)).cluster());
        assertThat(serves(injected)).isTrue();
    }

    @Test
    void workloadsAreAppliedUnderTheSyncEnginesFieldManager() {
        try (Sandboxes.Handle handle = Sandboxes.start(false, Duration.ofMillis(200))) {
            var client = handle.cluster().client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-staging")
                    .endMetadata().build()).create();
            Map<String, String> labels = Map.of("gitops.io/app", "shop");

            var deployment = Workloads.apply(client,
                    Workloads.deployment("shop-staging", "shop", labels, "registry.local/shop:1", 2));
            var statefulSet = Workloads.apply(client,
                    Workloads.statefulSet("shop-staging", "db", labels, "registry.local/db:1", 1));

            assertThat(deployment.getMetadata().getLabels()).containsAllEntriesOf(labels);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
            assertThat(deployment.getMetadata().getManagedFields())
                    .anyMatch(f -> f.getManager().equals(Workloads.SYNC_MANAGER));
            assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("db");
            assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.local/db:1");
        }
    }

    @Test
    void tagsAre40HexCharactersStablePerSeed() {
        assertThat(Workloads.tag("good")).hasSize(40).matches("[0-9a-f]{40}").isEqualTo(Workloads.tag("good"))
                .isNotEqualTo(Workloads.tag("bad"));
    }
}
