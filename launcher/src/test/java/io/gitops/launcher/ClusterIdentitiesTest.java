package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gitops up}'s identities on an RBAC-enforcing in-JVM sandbox: the chart's RBAC rendered with the embedded
 * stack's values, applied as the admin, and one kubeconfig per service holding only its own token.
 */
class ClusterIdentitiesTest {

    static SandboxCluster sandbox;
    static List<HasMetadata> rbac;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(SandboxOptions.defaults().withAuthorization(true).withSimulator(false));
        rbac = PlatformRbac.render(StackLayout.discover(Path.of("")).repoRoot());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void givenTheChart_whenItsRbacIsRendered_thenOnlyServiceAccountsRolesAndBindingsOfTheEmbeddedReleaseRemain() {
        // Given deploy/helm/gitops-platform with ci/embedded-stack-values.yaml

        // When
        List<HasMetadata> objects = rbac;

        // Then
        assertThat(objects).extracting(HasMetadata::getKind).containsOnly("ServiceAccount", "Role", "RoleBinding");
        assertThat(objects).filteredOn(o -> o.getKind().equals("ServiceAccount"))
                .extracting(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder("gitops-system/embedded-ingest", "gitops-system/embedded-build-orchestrator",
                        "gitops-system/embedded-config-bumper", "gitops-system/embedded-sync-engine",
                        "gitops-system/embedded-health-verifier");
        assertThat(ClusterIdentities.namespaces(objects))
                .containsExactly("gitops-system", "sample-app-staging", "gitops-sandbox");
    }

    @Test
    void givenAnAuthorizingSandbox_whenProvisioned_thenEachServiceHasItsOwnTokenWithOnlyTheChartsRights(@TempDir Path dir)
            throws IOException {
        // Given
        StackLayout layout = adminLayout(dir);

        // When
        Map<String, Path> kubeconfigs = ClusterIdentities.provision(layout, rbac, true);

        // Then
        assertThat(kubeconfigs).containsOnlyKeys(StackSettings.SERVICES);
        kubeconfigs.forEach((service, file) -> assertThat(file).isEqualTo(layout.serviceKubeconfig(service)));
        assertThat(sandbox.client().namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("gitops-system", "sample-app-staging", "gitops-sandbox");
        try (KubernetesClient sync = client(kubeconfigs.get("sync-engine"));
             KubernetesClient bumper = client(kubeconfigs.get("config-bumper"))) {
            assertThat(sync.apps().deployments().inNamespace("sample-app-staging").list().getItems()).isEmpty();
            assertThat(allowed(sync, "create", "", "namespaces", null)).isFalse();
            assertThat(allowed(sync, "patch", "apps", "deployments", "gitops-sandbox")).isTrue();
            assertThat(allowed(sync, "create", "rbac.authorization.k8s.io", "roles", "gitops-sandbox")).isTrue();
            assertThat(allowed(sync, "patch", "apps", "deployments", "default")).isFalse();
            assertThat(allowed(sync, "list", "apps", "deployments", null)).isFalse();
            assertThatThrownBy(() -> bumper.apps().deployments().inAnyNamespace().list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThat(allowed(bumper, "get", "apps", "deployments", "sample-app-staging")).isFalse();
        }
    }

    @Test
    void givenNoTokensWanted_whenProvisioned_thenTheNamespacesAndRbacExistButNoKubeconfigIsWritten(@TempDir Path dir)
            throws IOException {
        // Given (./gitops up with GITOPS_SANDBOX_AUTHORIZATION=off)
        StackLayout layout = adminLayout(dir);

        // When
        Map<String, Path> kubeconfigs = ClusterIdentities.provision(layout, rbac, false);

        // Then
        assertThat(kubeconfigs).isEmpty();
        assertThat(Files.exists(layout.kubeconfigs())).isFalse();
        assertThat(sandbox.client().rbac().roles().inNamespace("sample-app-staging").withName("embedded-sync-engine").get())
                .isNotNull();
    }

    @Test
    void givenTheSetting_whenRead_thenOnIsTheDefaultAndAnythingUnknownIsRefused() {
        assertThat(SandboxAuthorization.fromSetting(null)).isEqualTo(SandboxAuthorization.ON);
        assertThat(SandboxAuthorization.fromSetting(" On ")).isEqualTo(SandboxAuthorization.ON);
        assertThat(SandboxAuthorization.fromSetting("off").enabled()).isFalse();
        assertThat(SandboxAuthorization.fromSetting("false")).isEqualTo(SandboxAuthorization.OFF);
        assertThatThrownBy(() -> SandboxAuthorization.fromSetting("maybe"))
                .hasMessageContaining("GITOPS_SANDBOX_AUTHORIZATION=maybe is not known");
    }

    /** A stack layout under {@code dir} whose admin kubeconfig is the sandbox's. */
    private static StackLayout adminLayout(Path dir) {
        StackLayout layout = StackLayout.at(dir);
        sandbox.writeKubeconfig(layout.kubeconfig());
        return layout;
    }

    private static KubernetesClient client(Path kubeconfig) throws IOException {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), null)).build();
    }

    private static boolean allowed(KubernetesClient client, String verb, String group, String resource, String namespace) {
        return Boolean.TRUE.equals(client.authorization().v1().selfSubjectAccessReview().create(
                new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb(verb)
                        .withGroup(group).withResource(resource).withNamespace(namespace).endResourceAttributes()
                        .endSpec().build()).getStatus().getAllowed());
    }
}
