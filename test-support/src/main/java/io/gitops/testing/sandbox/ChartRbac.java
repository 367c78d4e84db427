package io.gitops.testing.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.sandbox.SandboxCluster;

/**
 * The platform chart's RBAC rules, read from its values ({@value #VALUES}), handed to a ServiceAccount of a sandbox
 * that authorizes ({@code @WithSandbox(authorization = true)}), so that a test runs a service on a token bound to
 * exactly what the chart grants it: one Role and RoleBinding per namespace, as the chart renders them.
 */
public final class ChartRbac {

    /** The chart's values file, relative to the repository root. */
    public static final String VALUES = "deploy/helm/gitops-platform/values.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ChartRbac() {
    }

    /** The rules at {@code path} of the chart's values, e.g. {@code rules("syncEngine", "rbac", "rules")}. */
    public static List<PolicyRule> rules(String... path) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readString(values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : path) {
            node = node.path(key);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(String.join(".", path) + " lists no rules in " + VALUES);
        }
        List<PolicyRule> rules = new ArrayList<>();
        node.forEach(rule -> rules.add(YAML.convertValue(rule, PolicyRule.class)));
        return rules;
    }

    /**
     * Creates (as admin) the namespaces, the ServiceAccount {@code namespace/name} and, in each namespace of
     * {@code rolesByNamespace}, a Role {@code name} with those rules bound to it; returns a token of the account (one
     * hour).
     */
    public static String serviceAccountToken(SandboxCluster sandbox, String namespace, String name,
                                             Map<String, List<PolicyRule>> rolesByNamespace) {
        KubernetesClient admin = sandbox.client();
        createNamespace(admin, namespace);
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(name).withNamespace(namespace).endMetadata().build()).serverSideApply();
        rolesByNamespace.forEach((roleNamespace, rules) -> {
            createNamespace(admin, roleNamespace);
            admin.rbac().roles().inNamespace(roleNamespace).resource(new RoleBuilder().withNewMetadata()
                    .withName(name).withNamespace(roleNamespace).endMetadata().withRules(rules).build())
                    .serverSideApply();
            admin.rbac().roleBindings().inNamespace(roleNamespace).resource(new RoleBindingBuilder()
                    .withNewMetadata().withName(name).withNamespace(roleNamespace).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                    .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
                    .build()).serverSideApply();
        });
        return sandbox.serviceAccountToken(namespace, name, Duration.ofHours(1));
    }

    /** Creates the namespace (as admin) if it does not exist. */
    public static void createNamespace(KubernetesClient admin, String namespace) {
        if (admin.namespaces().withName(namespace).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
    }

    private static Path values() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(VALUES);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException(VALUES + " not found above " + Path.of("").toAbsolutePath());
    }
}
