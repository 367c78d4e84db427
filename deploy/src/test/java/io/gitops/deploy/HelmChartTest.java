package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/helm/gitops-platform rendered with default and non-default values; every object parsed and checked. */
class HelmChartTest {

    private static final Path PRODUCTION = Chart.DIRECTORY.resolve("ci/production-values.yaml");
    private static final Path SANDBOX = Chart.DIRECTORY.resolve("ci/sandbox-values.yaml");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    @Test
    void givenOnlyTheCommitSha_whenRendered_thenEveryServiceHasItsDeploymentServiceAccountServicePdbAndNetworkPolicyAndTheScalableOnesAnHpa() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        for (PlatformService service : PlatformService.values()) {
            String name = Chart.objectName(service);
            rendered.named(Deployment.class, name);
            rendered.named(ServiceAccount.class, name);
            rendered.named(Service.class, name);
            if (service != PlatformService.BUILD_ORCHESTRATOR) {
                rendered.named(HorizontalPodAutoscaler.class, name);
            }
            rendered.named(PodDisruptionBudget.class, name);
            rendered.named(NetworkPolicy.class, name);
        }
        assertThat(rendered.all(Deployment.class)).hasSize(5);
        assertThat(rendered.kind("ServiceMonitor")).as("ServiceMonitor is off by default").isEmpty();
    }

    @Test
    void givenDefaultValues_whenRendered_thenEveryPodRunsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        for (Deployment deployment : rendered.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(security.getRunAsNonRoot()).as(container.getName()).isTrue();
                assertThat(security.getPrivileged()).as(container.getName()).isFalse();
                assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
                assertThat(container.getVolumeMounts()).as("/tmp is writable through an emptyDir")
                        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).containsKey("memory");
            }
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tmp"))
                    .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        }
    }

    @Test
    void givenDefaultValues_whenRendered_thenProbesUseTheQuarkusHealthEndpointsOnTheServicePort() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        for (PlatformService service : PlatformService.values()) {
            Container container = container(rendered, service);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(service.assignedPort());
                service.httpPort().ifPresent(port -> assertThat(p.getContainerPort())
                        .as("quarkus.http.port of " + service.serviceName()).isEqualTo(port));
            });
            assertThat(env(container, "QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(service.assignedPort()));
            assertThat(rendered.named(Service.class, Chart.objectName(service)).getSpec().getPorts())
                    .singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(service.assignedPort()));
            assertThat(container.getImage()).isEqualTo(service.serviceName() + ":" + Chart.SHA);
        }
    }

    @Test
    void givenDefaultValues_whenRendered_thenEveryWritableVolumeIsWhereTheServicesWorkDirectoryPoints() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        int workDirectories = 0;
        for (PlatformService service : PlatformService.values()) {
            Container container = container(rendered, service);
            for (var mount : container.getVolumeMounts()) {
                if (mount.getMountPath().equals("/var/lib/gitops")) {
                    workDirectories++;
                    assertThat(container.getEnv()).as(service.serviceName()).anySatisfy(e -> {
                        assertThat(e.getName()).isEqualTo("GITOPS_" + service.configPrefix().substring(7)
                                .toUpperCase(java.util.Locale.ROOT) + "_WORK_DIR");
                        assertThat(e.getValue()).isEqualTo("/var/lib/gitops");
                    });
                }
            }
        }
        assertThat(workDirectories).as("build-orchestrator, config-bumper, sync-engine").isEqualTo(3);
    }

    @Test
    void givenDefaultValues_whenRendered_thenOnlyTheSyncEngineAndTheHealthVerifierGetAServiceAccountToken() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        Set<PlatformService> talking = Set.of(PlatformService.SYNC_ENGINE, PlatformService.HEALTH_VERIFIER);
        for (PlatformService service : PlatformService.values()) {
            boolean expected = talking.contains(service);
            String name = Chart.objectName(service);
            assertThat(rendered.named(ServiceAccount.class, name).getAutomountServiceAccountToken())
                    .as(name).isEqualTo(expected);
            assertThat(rendered.named(Deployment.class, name).getSpec().getTemplate().getSpec()
                    .getAutomountServiceAccountToken()).as(name).isEqualTo(expected);
        }
    }

    @Test
    void givenDefaultValues_whenRendered_thenThereIsNoClusterWideRbacAndTheSyncEngineMayOnlyTouchItsNamespace() {
        // Given the default values (managedNamespaces: [apps-dev]) and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
        String sync = Chart.objectName(PlatformService.SYNC_ENGINE);
        List<Role> roles = rendered.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(sync)).toList();
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("apps-dev");
        for (PolicyRule rule : roles.get(0).getRules()) {
            assertThat(rule.getResources()).doesNotContain("*", "namespaces", "roles", "rolebindings",
                    "clusterroles", "clusterrolebindings");
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        }
        RoleBinding binding = rendered.all(RoleBinding.class).stream()
                .filter(b -> b.getMetadata().getName().equals(sync)).findFirst().orElseThrow();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(sync);
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
    }

    @Test
    void givenCreateNamespacesOn_whenRendered_thenTheSyncEngineAloneGetsAClusterRoleToCreateNamespacesAndIsToldSo() {
        // Given syncEngine.createNamespaces=true (off by default: no cluster-scoped right, see the test above)

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of("syncEngine.createNamespaces", true)));

        // Then
        String sync = Chart.objectName(PlatformService.SYNC_ENGINE);
        assertThat(rendered.all(ClusterRole.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getName()).isEqualTo(sync + "-namespaces");
            assertThat(role.getRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getApiGroups()).containsExactly("");
                assertThat(rule.getResources()).containsExactly("namespaces");
                assertThat(rule.getVerbs()).containsExactly("create");
            });
        });
        assertThat(rendered.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
            assertThat(binding.getRoleRef().getName()).isEqualTo(sync + "-namespaces");
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo(sync);
                assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
        });
        assertThat(env(container(rendered, PlatformService.SYNC_ENGINE), "GITOPS_SYNC_CREATE_NAMESPACES"))
                .isEqualTo("true");
        assertThat(env(container(Chart.renderDefaults(), PlatformService.SYNC_ENGINE),
                "GITOPS_SYNC_CREATE_NAMESPACES")).isEqualTo("false");
    }

    @Test
    void givenDefaultValues_whenRendered_thenTheHealthVerifierReadsWorkloadsAndMayOnlyPatchDeploymentsAndStatefulSets() {
        // Given the default values and image.tag (the verifier halts a Deployment with spec.paused and a StatefulSet
        // with spec.updateStrategy.rollingUpdate.partition: a JSON merge patch of the workload itself)

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        Role role = rendered.named(Role.class, Chart.objectName(PlatformService.HEALTH_VERIFIER));
        assertThat(role.getMetadata().getNamespace()).isEqualTo("apps-dev");
        Set<String> writes = new TreeSet<>();
        Set<String> reads = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    (READ_VERBS.contains(verb) ? reads : writes).add(verb + " " + resource);
                }
            }
        }
        assertThat(writes).containsExactly("patch deployments", "patch statefulsets");
        assertThat(reads).contains("watch deployments", "watch statefulsets", "watch pods", "list replicasets");
        // it never reads one pod or one workload by name (informers); one get of a ReplicaSet its informer lacks
        assertThat(reads).doesNotContain("get pods", "get deployments", "get statefulsets");
        assertThat(reads).allSatisfy(read -> assertThat(read).doesNotContain("*", "secrets", "/"));
    }

    @Test
    void givenDefaultValues_whenRendered_thenNoContainerCarriesACredentialInItsEnvironment() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        assertNoLiteralCredentials(rendered);
        assertThat(rendered.manifest()).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        Container ingest = container(rendered, PlatformService.INGEST);
        assertThat(env(ingest, "GITOPS_INGEST_SECRET_FILES")).isEqualTo("/etc/gitops/webhook/secret");
        assertThat(ingest.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/gitops/webhook");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(secretVolumes(rendered, PlatformService.INGEST)).containsExactly("gitops-webhook");
        assertThat(secretVolumes(rendered, PlatformService.CONFIG_BUMPER)).containsExactly("gitops-github-app");
    }

    @Test
    void givenDefaultValues_whenRendered_thenTheIngressExposesOnlyTheWebhookPathOfIngest() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        Ingress ingress = rendered.named(Ingress.class, Chart.objectName(PlatformService.INGEST));
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule ->
                assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                    assertThat(path.getPath()).isEqualTo("/webhooks/github");
                    assertThat(path.getPathType()).isEqualTo("Exact");
                    assertThat(path.getBackend().getService().getName())
                            .isEqualTo(Chart.objectName(PlatformService.INGEST));
                }));
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
        assertThat(rendered.all(Ingress.class)).hasSize(1);
    }

    @Test
    void givenDefaultValues_whenRendered_thenSelectorsOfServicesHpasPdbsAndNetworkPoliciesMatchTheirPods() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        for (PlatformService service : PlatformService.values()) {
            String name = Chart.objectName(service);
            Deployment deployment = rendered.named(Deployment.class, name);
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(podLabels).containsAllEntriesOf(rendered.named(Service.class, name).getSpec().getSelector());
            assertThat(podLabels).containsAllEntriesOf(
                    rendered.named(PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels());
            assertThat(podLabels).containsAllEntriesOf(
                    rendered.named(NetworkPolicy.class, name).getSpec().getPodSelector().getMatchLabels());
            assertThat(podLabels).containsEntry("app.kubernetes.io/name", service.serviceName());
            rendered.find(HorizontalPodAutoscaler.class, name).ifPresent(hpa -> {
                assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
                assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
                assertThat(deployment.getSpec().getReplicas()).as("the HPA owns replicas").isNull();
            });
        }
    }

    @Test
    void givenDefaultValues_whenRendered_thenNetworkPoliciesLetOnlyTheIngressControllerReachIngestAndRestrictEgress() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        NetworkPolicy ingest = rendered.named(NetworkPolicy.class, Chart.objectName(PlatformService.INGEST));
        assertThat(ingest.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(ingest.getSpec().getIngress()).hasSize(2);
        assertThat(ingest.getSpec().getEgress()).as("DNS and Kafka only").hasSize(2);
        NetworkPolicy health = rendered.named(NetworkPolicy.class, Chart.objectName(PlatformService.HEALTH_VERIFIER));
        assertThat(health.getSpec().getIngress()).as("metrics scrapes only").hasSize(1);
        assertThat(egressPorts(health)).contains(9092, 443, 6443);
        assertThat(egressPorts(ingest)).containsOnly(53, 9092);
    }

    @Test
    void givenNoImageTag_whenRendered_thenRenderingFailsAndNamesTheCommitSha() {
        // Given no image.tag

        // When / Then
        assertThatThrownBy(() -> Chart.render(Map.of()))
                .hasMessageContaining("image.tag is required")
                .hasMessageContaining("commit SHA");
    }

    @Test
    void givenTheLatestTag_whenRendered_thenRenderingFails() {
        // Given
        Map<String, Object> values = Map.of("image.tag", "latest");

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("must not be 'latest'");
    }

    @Test
    void givenAShortSha_whenRendered_thenRenderingFailsAskingForTheFullSha() {
        // Given
        Map<String, Object> values = Map.of("image.tag", "4f3c2b1");

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("full 40-character commit SHA");
    }

    @Test
    void givenProductionValues_whenRendered_thenEachManagedNamespaceGetsItsOwnRoleAndBindingAndNothingClusterWide() {
        // Given ci/production-values.yaml: three managed namespaces, kubernetes executor on

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of()), PRODUCTION);

        // Then
        String sync = Chart.objectName(PlatformService.SYNC_ENGINE);
        String health = Chart.objectName(PlatformService.HEALTH_VERIFIER);
        List<String> namespaces = List.of("shop-dev", "shop-staging", "shop-prod");
        assertThat(namespacesOf(rendered.all(Role.class), sync)).containsExactlyElementsOf(namespaces);
        assertThat(namespacesOf(rendered.all(RoleBinding.class), sync)).containsExactlyElementsOf(namespaces);
        assertThat(namespacesOf(rendered.all(Role.class), health)).containsExactlyElementsOf(namespaces);
        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
        Role history = rendered.named(Role.class, sync + "-history");
        assertThat(history.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(history.getRules()).flatExtracting(PolicyRule::getResources).containsExactly("configmaps");
        assertThat(env(container(rendered, PlatformService.SYNC_ENGINE), "GITOPS_SYNC_HISTORY_NAMESPACE"))
                .isEqualTo(Chart.NAMESPACE);
    }

    @Test
    void givenProductionValues_whenRendered_thenTheBuildOrchestratorUsesItsIamRoleAndMaySpawnJobsOnlyInTheBuildsNamespace() {
        // Given ci/production-values.yaml

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of()), PRODUCTION);

        // Then
        String build = Chart.objectName(PlatformService.BUILD_ORCHESTRATOR);
        ServiceAccount account = rendered.named(ServiceAccount.class, build);
        assertThat(account.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn",
                "arn:aws:iam::123456789012:role/gitops-build-orchestrator-ecr");
        assertThat(account.getAutomountServiceAccountToken()).as("the kubernetes executor talks to the API").isTrue();
        Role role = rendered.named(Role.class, build);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("gitops-builds");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getResources)
                .containsOnly("jobs", "pods", "pods/log", "persistentvolumeclaims");
        Container container = container(rendered, PlatformService.BUILD_ORCHESTRATOR);
        assertThat(container.getImage()).isEqualTo(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gitops/build-orchestrator:" + Chart.SHA);
        assertThat(secretRef(container, "GITOPS_BUILD_SONARQUBE_TOKEN")).isEqualTo("sonarqube-token");
        assertThat(secretRef(container, "GITOPS_BUILD_GIT_TOKEN")).isEqualTo("github-clone-token");
        assertThat(secretRef(container, "GITOPS_BUILD_CONFIG_REPO_TOKEN")).isEqualTo("github-clone-token");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_GIT_CREDENTIALS_SECRET_NAME")).isEqualTo("stage-clone-credentials");
        assertNoLiteralCredentials(rendered);
    }

    @Test
    void givenProductionValues_whenRendered_thenStagePodsMayReachOnlyDnsGitTheRegistryAndSonarQubeAndNothingReachesThem() {
        // Given ci/production-values.yaml

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of()), PRODUCTION);

        // Then
        NetworkPolicy stages = rendered.named(NetworkPolicy.class,
                Chart.objectName(PlatformService.BUILD_ORCHESTRATOR) + "-stages");
        assertThat(stages.getMetadata().getNamespace()).isEqualTo("gitops-builds");
        assertThat(stages.getSpec().getPodSelector().getMatchLabels()).containsExactly(
                Map.entry("gitops.io/stage-pod", "true"));
        assertThat(stages.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(stages.getSpec().getIngress()).as("no ingress at all").isEmpty();
        var egress = stages.getSpec().getEgress();
        assertThat(egress).hasSize(4);
        assertThat(egress.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
        assertThat(egress.get(0).getTo()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector()
                .getMatchLabels()).containsEntry("k8s-app", "kube-dns"));
        assertThat(egress.subList(1, 4)).allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty()
                .allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull()));
        assertThat(egress.subList(1, 4)).flatExtracting(rule -> rule.getTo().stream()
                .map(peer -> peer.getIpBlock().getCidr()).toList())
                .containsExactly("140.82.112.0/20", "192.30.252.0/22", "10.20.64.0/20", "10.20.96.10/32");
        assertThat(egress.get(3).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 9000);
        Container container = container(rendered, PlatformService.BUILD_ORCHESTRATOR);
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_BUILD_IMAGE")).contains("@sha256:");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_REGISTRY_AUTH_SECRET_NAME")).isEqualTo("stage-registry-push");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_BUILD_SERVICE_ACCOUNT_NAME")).isEqualTo("image-builder");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_SONAR_TOKEN_SECRET_NAME")).isEqualTo("stage-sonarqube-token");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_RUN_AS_USER")).isEqualTo("10001");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_RESOURCES_BUILD_MEMORY_LIMIT")).isEqualTo("8Gi");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_RESOURCES_COMMAND_MEMORY_LIMIT")).isEqualTo("4Gi");
        assertThat(env(container, "GITOPS_BUILD_KUBERNETES_RESOURCES_CHECKOUT_CPU_REQUEST")).isEqualTo("100m");
    }

    @Test
    void givenTheKubernetesExecutorWithoutDestinations_whenRendered_thenStagePodsMayReachOnlyDns() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("buildOrchestrator.kubernetesExecutor.enabled", "true"));

        // When
        Chart.Rendered rendered = Chart.render(values);

        // Then
        NetworkPolicy stages = rendered.named(NetworkPolicy.class,
                Chart.objectName(PlatformService.BUILD_ORCHESTRATOR) + "-stages");
        assertThat(stages.getSpec().getIngress()).isEmpty();
        assertThat(egressPorts(stages)).containsOnly(53);
    }

    @Test
    void givenTheKubernetesExecutorOff_whenRendered_thenThereIsNoStageNetworkPolicy() {
        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        assertThat(rendered.find(NetworkPolicy.class, Chart.objectName(PlatformService.BUILD_ORCHESTRATOR) + "-stages"))
                .isEmpty();
    }

    @Test
    void givenAnUnpinnedBuildImage_whenRendered_thenRenderingFailsAskingForADigest() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("buildOrchestrator.kubernetesExecutor.enabled", "true",
                "buildOrchestrator.kubernetesExecutor.buildImage", "quay.io/buildah/stable:v1.38.1"));

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("pinned by digest");
    }

    @Test
    void givenDefaultValues_whenRendered_thenTheBuildOrchestratorIsOneReplicaReplacedWithRecreateAndHasNoHpa() {
        // Given the default values

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        String build = Chart.objectName(PlatformService.BUILD_ORCHESTRATOR);
        Deployment deployment = rendered.named(Deployment.class, build);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(rendered.find(HorizontalPodAutoscaler.class, build)).isEmpty();
        assertThat(rendered.named(Deployment.class, Chart.objectName(PlatformService.INGEST)).getSpec().getStrategy()
                .getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void givenTwoBuildOrchestratorReplicas_whenRendered_thenRenderingFailsBecauseBothWouldResumeTheSamePipelines() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("buildOrchestrator.replicas", "2"));

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("exactly one replica");
    }

    @Test
    void givenProductionValues_whenRendered_thenAServiceMonitorScrapesQMetricsWithTheServiceNameAsJob() {
        // Given ci/production-values.yaml (serviceMonitor.enabled)

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of()), PRODUCTION);

        // Then
        List<HasMetadata> monitors = rendered.kind("ServiceMonitor");
        assertThat(monitors).singleElement().isInstanceOf(GenericKubernetesResource.class);
        GenericKubernetesResource monitor = (GenericKubernetesResource) monitors.get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat((String) monitor.get("spec", "jobLabel")).isEqualTo("app.kubernetes.io/name");
        assertThat((String) monitor.get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");
        assertThat((String) monitor.get("spec", "endpoints", 0, "port")).isEqualTo("http");
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        for (Service service : rendered.all(Service.class)) {
            assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        }
    }

    @Test
    void givenProductionValues_whenRendered_thenAutoscalingOffMeansFixedReplicasAndNoHpa() {
        // Given ci/production-values.yaml (sync-engine and health-verifier without autoscaling, 2 replicas)

        // When
        Chart.Rendered rendered = Chart.render(Chart.withSha(Map.of()), PRODUCTION);

        // Then
        for (PlatformService service : List.of(PlatformService.SYNC_ENGINE, PlatformService.HEALTH_VERIFIER)) {
            String name = Chart.objectName(service);
            assertThat(rendered.find(HorizontalPodAutoscaler.class, name)).isEmpty();
            assertThat(rendered.named(Deployment.class, name).getSpec().getReplicas()).isEqualTo(2);
        }
        assertThat(rendered.find(HorizontalPodAutoscaler.class, Chart.objectName(PlatformService.INGEST))).isPresent();
        Container ingest = container(rendered, PlatformService.INGEST);
        assertThat(env(ingest, "GITOPS_INGEST_SECRET_FILES"))
                .isEqualTo("/etc/gitops/webhook/current,/etc/gitops/webhook/previous");
    }

    @Test
    void givenNoManagedNamespace_whenRendered_thenRenderingFailsBecauseTheSyncEngineWouldHaveNoTarget() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("syncEngine.managedNamespaces", "null"));

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("managedNamespaces");
    }

    @Test
    void givenTheSandboxValues_whenRendered_thenThereIsNoIngressOrServiceMonitorAndEverythingStaysInOneNamespace() {
        // Given ci/sandbox-values.yaml (for the sync engine's own deployment into the sandbox cluster), as it is
        // rendered there: into the environment's namespace, which is also the managed one
        Map<String, Object> values = Map.of();

        // When
        Chart.Rendered rendered = Chart.render(values, "gitops-sandbox", SANDBOX);

        // Then
        assertThat(rendered.all(Ingress.class)).isEmpty();
        assertThat(rendered.all(NetworkPolicy.class)).hasSize(5);
        assertThat(rendered.kind("ServiceMonitor")).isEmpty();
        assertThat(rendered.named(Deployment.class, "gitops-ingest").getSpec().getReplicas()).isEqualTo(1);
        assertThat(rendered.named(Deployment.class, "gitops-ingest").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()).endsWith(":" + "0".repeat(40));
        assertThat(rendered.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                .as(o.getKind() + " " + o.getMetadata().getName()).isIn(null, "gitops-sandbox"));
        assertThat(rendered.all(Deployment.class)).hasSize(5);
    }

    @Test
    void givenAServiceDisabled_whenRendered_thenNoneOfItsObjectsAreRendered() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("buildOrchestrator.enabled", "false"));

        // When
        Chart.Rendered rendered = Chart.render(values);

        // Then
        String build = Chart.objectName(PlatformService.BUILD_ORCHESTRATOR);
        assertThat(rendered.objects()).noneMatch(o -> o.getMetadata().getName().equals(build));
        assertThat(rendered.all(Deployment.class)).hasSize(4);
    }

    @Test
    void givenDefaultValues_whenRendered_thenEveryServiceGetsOnlyTheBootstrapServersAsKafkaSettings() {
        // Given the default values and image.tag

        // When
        Chart.Rendered rendered = Chart.renderDefaults();

        // Then
        assertThat(kafkaEnvironments(rendered)).allSatisfy((service, env) -> assertThat(env).as(service)
                .containsExactly(Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")));
        for (PlatformService service : PlatformService.values()) {
            assertThat(container(rendered, service).getVolumeMounts()).noneSatisfy(m ->
                    assertThat(m.getMountPath()).startsWith("/etc/gitops/kafka"));
        }
    }

    /** Kafka client security values, what every service's KAFKA_* variables must then be, and the store mounted. */
    record KafkaCase(String name, Map<String, Object> values, Map<String, String> environment, String store,
                     String storeSecret) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<KafkaCase> kafkaSecurityCases() {
        return List.of(
                new KafkaCase("SASL_SSL with the JAAS config and the trust store from Secrets", Map.of(
                        "kafka.securityProtocol", "SASL_SSL",
                        "kafka.saslMechanism", "SCRAM-SHA-512",
                        "kafka.saslJaasConfig.existingSecret", "kafka-scram",
                        "kafka.ssl.truststore.existingSecret", "kafka-cluster-ca",
                        "kafka.properties.client\\.dns\\.lookup", "use_all_dns_ips"), Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", "secret kafka-scram/sasl.jaas.config",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/gitops/kafka/truststore/ca.p12",
                        "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD", "secret kafka-cluster-ca/ca.password",
                        "KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips"), "truststore", "kafka-cluster-ca"),
                new KafkaCase("mutual TLS with the key store and its passwords from a Secret", Map.of(
                        "kafka.securityProtocol", "SSL",
                        "kafka.ssl.keystore.existingSecret", "gitops-kafka-user",
                        "kafka.ssl.keystore.keyPasswordKey", "user.key.password"), Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                        "KAFKA_SECURITY_PROTOCOL", "SSL",
                        "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/gitops/kafka/keystore/user.p12",
                        "KAFKA_SSL_KEYSTORE_TYPE", "PKCS12",
                        "KAFKA_SSL_KEYSTORE_PASSWORD", "secret gitops-kafka-user/user.password",
                        "KAFKA_SSL_KEY_PASSWORD", "secret gitops-kafka-user/user.key.password"),
                        "keystore", "gitops-kafka-user"));
    }

    @ParameterizedTest
    @MethodSource("kafkaSecurityCases")
    void givenKafkaClientSecurityValues_whenRendered_thenEveryServiceGetsTheSameKafkaVariablesAndStoreWithSecretsByReference(
            KafkaCase kafka) {
        // Given
        Map<String, Object> values = Chart.withSha(kafka.values());

        // When
        Chart.Rendered rendered = Chart.render(values);

        // Then
        assertThat(kafkaEnvironments(rendered)).allSatisfy((service, env) -> assertThat(env).as(service)
                .containsExactlyInAnyOrderEntriesOf(kafka.environment()));
        for (PlatformService service : PlatformService.values()) {
            assertThat(container(rendered, service).getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/gitops/kafka/" + kafka.store());
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(secretVolumes(rendered, service)).contains(kafka.storeSecret());
        }
        assertNoLiteralCredentials(rendered);
    }

    @Test
    void givenAnUnknownSecurityProtocol_whenRendered_thenRenderingFailsNamingTheAllowedOnes() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("kafka.securityProtocol", "TLS"));

        // When / Then
        assertThatThrownBy(() -> Chart.render(values))
                .hasMessageContaining("kafka.securityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    }

    @Test
    void givenAPasswordAsAPlainKafkaProperty_whenRendered_thenRenderingFailsAskingForASecret() {
        // Given
        Map<String, Object> values = Chart.withSha(Map.of("kafka.properties.ssl\\.truststore\\.password", "changeit"));

        // When / Then
        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("secrets come from a Secret");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void assertNoLiteralCredentials(Chart.Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    boolean sensitive = Arrays.stream(new String[] {"SECRET", "PASSWORD", "TOKEN", "PRIVATE_KEY",
                            "ACCESS_KEY"}).anyMatch(env.getName()::contains);
                    boolean isFile = env.getName().endsWith("_FILE") || env.getName().endsWith("_FILES")
                            || env.getName().endsWith("_SECRET_NAME");
                    if (sensitive && !isFile && env.getValue() != null) {
                        problems.add(container.getName() + ": " + env.getName() + " has a literal value");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static List<String> secretVolumes(Chart.Rendered rendered, PlatformService service) {
        return podSpec(rendered, service).getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).toList();
    }

    private static List<String> namespacesOf(List<? extends HasMetadata> objects, String name) {
        return objects.stream().filter(o -> o.getMetadata().getName().equals(name))
                .map(o -> o.getMetadata().getNamespace()).toList();
    }

    private static Set<Integer> egressPorts(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                .map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).collect(Collectors.toSet());
    }

    static PodSpec podSpec(Chart.Rendered rendered, PlatformService service) {
        return rendered.named(Deployment.class, Chart.objectName(service)).getSpec().getTemplate().getSpec();
    }

    static Container container(Chart.Rendered rendered, PlatformService service) {
        return podSpec(rendered, service).getContainers().get(0);
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(EnvVar::getValue).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    /**
     * Each service's KAFKA_* variables: name to value, or to {@code secret <name>/<key>} for one set by secretKeyRef.
     */
    private static Map<String, Map<String, String>> kafkaEnvironments(Chart.Rendered rendered) {
        Map<String, Map<String, String>> result = new java.util.TreeMap<>();
        for (PlatformService service : PlatformService.values()) {
            Map<String, String> env = new java.util.TreeMap<>();
            for (EnvVar variable : container(rendered, service).getEnv()) {
                if (variable.getName().startsWith("KAFKA_")) {
                    env.put(variable.getName(), variable.getValueFrom() == null ? variable.getValue()
                            : "secret " + variable.getValueFrom().getSecretKeyRef().getName() + "/"
                            + variable.getValueFrom().getSecretKeyRef().getKey());
                }
            }
            result.put(service.serviceName(), env);
        }
        return result;
    }

    private static String secretRef(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }
}
