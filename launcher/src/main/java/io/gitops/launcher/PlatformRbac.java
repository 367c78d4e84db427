package io.gitops.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The platform chart's RBAC as the embedded stack uses it: {@code deploy/helm/gitops-platform} rendered with
 * {@value #VALUES} into {@value #RELEASE_NAMESPACE} (helm-java, no helm binary), of which only the ServiceAccounts,
 * Roles, RoleBindings, ClusterRoles and ClusterRoleBindings are kept.
 */
final class PlatformRbac {

    static final Path CHART = Path.of("deploy/helm/gitops-platform");
    static final String VALUES = "ci/embedded-stack-values.yaml";
    static final String RELEASE = "gitops";
    /** The sync engine's default history namespace ({@code gitops.sync.history-namespace}). */
    static final String RELEASE_NAMESPACE = "gitops-system";
    static final Set<String> KINDS = Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    /** The label the chart puts on each service's objects, naming the service. */
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    private PlatformRbac() {
    }

    /** The RBAC objects of the chart under {@code repoRoot}, in the chart's order. */
    static List<HasMetadata> render(Path repoRoot) {
        Path chart = repoRoot.resolve(CHART);
        String manifest = new Helm(chart).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE)
                .withValuesFile(chart.resolve(VALUES)).call();
        // fabric8 reads helm's multi-document output (a list of every object; comment-only documents are dropped).
        Object parsed = new KubernetesSerialization().unmarshal(manifest);
        List<HasMetadata> objects = new ArrayList<>();
        for (Object item : parsed instanceof List<?> list ? list : List.of(parsed)) {
            if (item instanceof HasMetadata object && KINDS.contains(object.getKind())) {
                if (object.getMetadata().getNamespace() == null && !object.getKind().startsWith("Cluster")) {
                    object.getMetadata().setNamespace(RELEASE_NAMESPACE);
                }
                objects.add(object);
            }
        }
        return objects;
    }
}
