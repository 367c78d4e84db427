package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncSucceeded;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The platform deploys itself: the Helm chart {@code deploy/helm/gitops-platform} with
 * {@code ci/sandbox-values.yaml}, committed as the application {@code gitops-platform} (environment {@code sandbox},
 * namespace {@code gitops-sandbox}, its own so that no other test's objects are touched) into the running stack's
 * config repository, is rendered and applied by the platform's own sync engine into the sandbox cluster and judged
 * healthy by the health verifier; the objects in the sandbox are those the chart renders with those values.
 */
@Order(5)
class PlatformChartInSandboxIT {

    static final String APP = "gitops-platform";
    static final String ENV = "sandbox";
    static final String NAMESPACE = "gitops-sandbox";
    static final List<String> SERVICES = List.of("ingest", "build-orchestrator", "config-bumper", "sync-engine",
            "health-verifier");
    static final Path CHART = Path.of("deploy/helm/gitops-platform");
    static final String APP_YAML = """
            # The platform itself, deployed by the platform into the sandbox (PlatformChartInSandboxIT). The chart keeps
            # all five images on image.tag, so image.repository names one of them.
            name: gitops-platform
            source:
              repo: acme/gitops-platform
              branch: main
            image:
              repository: 127.0.0.1:15000/gitops/ingest
            chart:
              path: charts/gitops-platform
            environments:
              - name: sandbox
                namespace: gitops-sandbox
                promotion: auto
            syncPolicy:
              automated: true
              prune: true
              selfHeal: true
            health:
              timeoutSeconds: 150
              minStableSeconds: 2
            """;

    static RunningStack running;
    static Map<String, String> env;
    static SyncSucceeded synced;
    static RolloutHealthy healthy;

    @BeforeAll
    static void commitThePlatformAsAnApplication() throws IOException {
        running = RunningStack.get();
        env = running.env();
        Path repoRoot = running.layout.repoRoot();
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env));
             SampleRepo config = SampleRepo.cloneInto(env.get("GITOPS_CONFIG_REPO_URL"),
                     running.layout.data().resolve("it/platform-config"), env.get("GITOPS_GIT_USERNAME"),
                     env.get("GITOPS_GIT_PASSWORD"))) {
            tail.readExisting();
            copyTree(repoRoot.resolve(CHART), config.dir().resolve(ConfigRepoLayout.CHARTS_DIR).resolve(APP));
            write(config.dir().resolve(ConfigRepoLayout.appFile(APP)), APP_YAML);
            String values = Files.readString(repoRoot.resolve(CHART).resolve("ci/sandbox-values.yaml"));
            write(config.dir().resolve(ConfigRepoLayout.valuesFile(APP, ENV)), values);
            stage(config.dir());
            config.commit(ConfigRepoLayout.valuesFile(APP, ENV), values, "Deploy the platform into the sandbox");
            config.push();

            synced = (SyncSucceeded) tail.await(e -> mine(e, SyncSucceeded.class), e -> { }, Duration.ofSeconds(120)).data();
            healthy = (RolloutHealthy) tail.await(e -> mine(e, RolloutHealthy.class), e -> { }, Duration.ofSeconds(180)).data();
        }
    }

    @Test
    void givenThePlatformChartCommitted_whenTheSyncEngineSyncedIt_thenEveryRenderedObjectWasAppliedToItsNamespace() {
        // Given the chart and ci/sandbox-values.yaml committed as gitops-platform/sandbox

        // When
        SyncSucceeded event = synced;

        // Then
        assertThat(event.namespace()).isEqualTo(NAMESPACE);
        assertThat(event.images()).containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                .map(s -> s + ":" + "0".repeat(40)).toList());
        // 5 Deployments, Services, ServiceAccounts and NetworkPolicies; 4 PDBs (ingest's is off); 3 HPAs (ingest's is
        // off, the build-orchestrator runs as one replica); sync engine: Role + RoleBinding in the managed namespace
        // and for its history; health verifier: one pair.
        assertThat(event.objectsApplied()).isEqualTo(5 * 4 + 4 + 3 + 3 * 2);
        assertThat(healthy.app()).isEqualTo(APP);
    }

    @Test
    void givenThePlatformDeployed_whenTheSandboxIsRead_thenEachServiceRunsHardenedWithProbesServiceAccountAndPolicies() {
        // Given the platform synced into gitops-sandbox

        // When
        try (KubernetesClient client = sandboxClient()) {
            List<Deployment> deployments = client.apps().deployments().inNamespace(NAMESPACE).list().getItems();

            // Then
            assertThat(deployments).extracting(d -> d.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "gitops-" + s).toList());
            assertThat(deployments).allSatisfy(PlatformChartInSandboxIT::assertHardenedWithProbes);
            // Replicas are the chart's where it sets them (ingest: 1; the build-orchestrator: always 1), else the HPA's
            // business (spec.replicas unset).
            assertThat(deployments).allSatisfy(d -> assertThat(d.getStatus().getAvailableReplicas())
                    .as(d.getMetadata().getName()).isPositive().isEqualTo(d.getStatus().getReplicas())
                    .isEqualTo(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()));
            assertThat(deployments).filteredOn(d -> d.getSpec().getReplicas() != null)
                    .extracting(d -> d.getMetadata().getName())
                    .containsExactlyInAnyOrder("gitops-ingest", "gitops-build-orchestrator");
            assertThat(client.services().inNamespace(NAMESPACE).list().getItems())
                    .extracting(s -> s.getMetadata().getName() + ":" + s.getSpec().getPorts().get(0).getName())
                    .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "gitops-" + s + ":http").toList());
            assertThat(client.serviceAccounts().inNamespace(NAMESPACE).list().getItems())
                    .extracting(s -> s.getMetadata().getName()).containsAll(SERVICES.stream().map(s -> "gitops-" + s).toList());
            // The chart's three Roles and RoleBindings; gitops-sandbox is also one of the running stack's managed
            // namespaces, so the stack's own sync engine and health verifier have theirs there too (embedded-*).
            assertThat(client.rbac().roles().inNamespace(NAMESPACE).list().getItems())
                    .filteredOn(r -> r.getMetadata().getName().startsWith("gitops-")).hasSize(3);
            assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).list().getItems())
                    .filteredOn(b -> b.getMetadata().getName().startsWith("gitops-")).hasSize(3)
                    .allSatisfy(b -> assertThat(b.getSubjects()).allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo(NAMESPACE)));
            assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).list().getItems())
                    .extracting(b -> b.getMetadata().getName())
                    .containsExactlyInAnyOrder("gitops-sync-engine", "gitops-sync-engine-history", "gitops-health-verifier",
                            "embedded-sync-engine", "embedded-health-verifier");
            assertThat(client.rbac().clusterRoles().list().getItems())
                    .noneMatch(r -> r.getMetadata().getName().startsWith("gitops-"));
            assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(SERVICES.stream().filter(s -> !s.equals("ingest")).map(s -> "gitops-" + s).toList());
            assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NAMESPACE).list().getItems()).hasSize(3);
            assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems()).hasSize(5)
                    .allSatisfy(p -> assertThat(p.getSpec().getPolicyTypes()).contains("Ingress"));
        }
    }

    private static void assertHardenedWithProbes(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getServiceAccountName()).isEqualTo(deployment.getMetadata().getName());
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).endsWith(":" + "0".repeat(40));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
    }

    /** An event of this application; a failed sync or rollout of it fails the test with its reason. */
    private static boolean mine(Event<?> event, Class<?> type) {
        if (event.data() instanceof SyncFailed f && APP.equals(f.app())) {
            throw new AssertionError("the sync of " + APP + " failed: " + f.error());
        }
        if (event.data() instanceof RolloutFailed f && APP.equals(f.app())) {
            throw new AssertionError("the rollout of " + APP + " failed: " + f);
        }
        if (event.data() instanceof SyncSucceeded s) {
            return type == SyncSucceeded.class && APP.equals(s.app()) && ENV.equals(s.env());
        }
        return event.data() instanceof RolloutHealthy h && type == RolloutHealthy.class && APP.equals(h.app())
                && ENV.equals(h.env());
    }

    private KubernetesClient sandboxClient() {
        try {
            Config kube = Config.fromKubeconfig(null, Files.readString(running.layout.kubeconfig()), null);
            return new KubernetesClientBuilder().withConfig(kube).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void stage(Path worktree) {
        try (Git git = Git.open(worktree.toFile())) {
            git.add().addFilepattern(ConfigRepoLayout.APPS_DIR).addFilepattern(ConfigRepoLayout.CHARTS_DIR).call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot stage the platform's config: " + e.getMessage(), e);
        }
    }
}
