package io.gitops.testing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.Test;

@WithSandbox(simulate = false, authorization = true)
class ChartRbacTest {

    @Test
    void givenTheChartsValues_whenTheVerifiersRulesAreRead_thenTheyAreTheRulesOfValuesYaml() {
        List<PolicyRule> rules = ChartRbac.rules("healthVerifier", "rbac", "rules");

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getResources()).isNotEmpty();
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*", "delete", "create", "update");
        });
    }

    @Test
    void givenAPathWithoutRules_whenRead_thenItIsRefusedByName() {
        assertThatThrownBy(() -> ChartRbac.rules("syncEngine", "noSuchRules"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncEngine.noSuchRules");
    }

    @Test
    void givenAnAuthorizingSandbox_whenAServiceAccountGetsARole_thenItsTokenMayDoThatInThatNamespaceOnly(
            SandboxCluster sandbox) {
        PolicyRule configMaps = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("")
                .withResources("configmaps").withVerbs("get", "create").build();

        String token = ChartRbac.serviceAccountToken(sandbox, "platform", "tester", Map.of("team", List.of(configMaps)));

        assertThat(sandbox.authorization()).isTrue();
        assertThat(sandbox.client().namespaces().withName("team").get()).isNotNull();
        try (KubernetesClient client = sandbox.client(token)) {
            client.configMaps().inNamespace("team").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("allowed").endMetadata().build()).create();
            assertThat(client.configMaps().inNamespace("team").withName("allowed").get()).isNotNull();
            assertThatThrownBy(() -> client.configMaps().inNamespace("other").withName("x").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                            .isEqualTo(403));
        }
    }
}
