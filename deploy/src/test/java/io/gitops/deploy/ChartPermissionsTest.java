package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.deploy.PermissionTable.Grant;
import io.gitops.deploy.PermissionTable.Scope;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is the permission table of {@code docs/architecture.md} ({@link PermissionTable}), both as
 * rendered and as an RBAC-enforcing sandbox enforces it: every verb on every resource the table names, and on others,
 * asked by {@code SelfSubjectAccessReview} as each service's ServiceAccount, in a managed, the release, the builds
 * and an unmanaged namespace and at the cluster scope, is allowed exactly when a row grants it.
 */
class ChartPermissionsTest {

    static final String MANAGED = "apps-dev";
    static final String BUILDS = "gitops-builds";
    static final String UNMANAGED = "elsewhere";
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");
    /** Resources no row names, asked too ({@code group/resource}; "" is core). */
    static final List<String> OTHERS = List.of("/namespaces", "/nodes", "/persistentvolumes", "/secrets", "/pods/exec",
            "/pods/log", "/serviceaccounts/token", "/services", "/configmaps", "/events", "/pods",
            "apps/deployments", "apps/deployments/scale", "apps/deployments/status", "apps/statefulsets", "apps/replicasets",
            "apps/daemonsets", "batch/jobs", "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/rolebindings",
            "rbac.authorization.k8s.io/clusterroles", "rbac.authorization.k8s.io/clusterrolebindings",
            "apiextensions.k8s.io/customresourcedefinitions");
    static final Set<String> CLUSTER_SCOPED = Set.of("namespaces", "nodes", "persistentvolumes", "clusterroles",
            "clusterrolebindings", "customresourcedefinitions");
    static final Map<String, Scope> SCOPES = Map.of(MANAGED, Scope.MANAGED, Chart.NAMESPACE, Scope.RELEASE,
            BUILDS, Scope.BUILDS);

    @Test
    void givenEveryOptionOn_whenRendered_thenTheRolesAndBindingsGrantExactlyTheTable() {
        // Given syncEngine.createNamespaces and the kubernetes executor on
        Set<String> options = PermissionTable.options();

        // When
        Chart.Rendered rendered = render(options);

        // Then
        assertThat(options).containsExactlyInAnyOrder("syncEngine.createNamespaces",
                "buildOrchestrator.kubernetesExecutor.enabled");
        assertThat(granted(rendered)).containsExactlyInAnyOrderElementsOf(PermissionTable.grants(options));
    }

    @Test
    void givenDefaultValues_whenRendered_thenTheRolesAndBindingsGrantExactlyTheRowsThatNeedNoOption() {
        // Given the defaults (no option on)

        // When
        Chart.Rendered rendered = render(Set.of());

        // Then
        assertThat(granted(rendered)).containsExactlyInAnyOrderElementsOf(PermissionTable.grants(Set.of()));
        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
    }

    @Test
    void givenEveryOptionOnAppliedToAnAuthorizingSandbox_whenEachServiceAccountAsksForEveryVerb_thenExactlyTheTableIsAllowed() {
        // Given
        Set<String> options = PermissionTable.options();
        Set<Grant> table = PermissionTable.grants(options);
        try (SandboxCluster sandbox = applied(render(options))) {

            // When
            Map<Grant, Boolean> answers = askEverything(sandbox, table);

            // Then
            List<String> wrong = new ArrayList<>();
            answers.forEach((ask, allowed) -> {
                if (allowed != table.contains(ask)) {
                    wrong.add((allowed ? "allowed, not in the table: " : "refused, in the table: ") + ask);
                }
            });
            assertThat(wrong).as("SelfSubjectAccessReview answers that differ from " + PermissionTable.DOC).isEmpty();
            assertThat(answers.values()).contains(true, false);
        }
    }

    @Test
    void givenDefaultValuesAppliedToAnAuthorizingSandbox_whenEachServiceAccountAsks_thenNoneMayCreateNamespacesOrRunJobs() {
        // Given the defaults: syncEngine.createNamespaces off, the kubernetes executor off
        Set<Grant> table = PermissionTable.grants(Set.of());
        Set<Grant> optional = new LinkedHashSet<>(PermissionTable.grants(PermissionTable.options()));
        optional.removeAll(table);
        try (SandboxCluster sandbox = applied(render(Set.of()))) {
            Map<Grant, Boolean> answers = new LinkedHashMap<>();

            // When
            for (String service : PermissionTable.services()) {
                try (KubernetesClient client = serviceClient(sandbox, service)) {
                    answers.put(new Grant(service, "", "namespaces", "create", Scope.CLUSTER),
                            allowed(client, new Grant(service, "", "namespaces", "create", Scope.CLUSTER)));
                    for (Grant grant : table) {
                        if (grant.service().equals(service)) {
                            answers.put(grant, allowed(client, grant));
                        }
                    }
                    for (Grant grant : optional) {
                        answers.put(new Grant(service, grant.group(), grant.resource(), grant.verb(), grant.scope()),
                                allowed(client, new Grant(service, grant.group(), grant.resource(), grant.verb(), grant.scope())));
                    }
                }
            }

            // Then
            answers.forEach((ask, allowed) -> assertThat(allowed).as(ask.toString()).isEqualTo(table.contains(ask)));
            assertThat(optional).isNotEmpty();
        }
    }

    static Chart.Rendered render(Set<String> options) {
        Map<String, Object> set = new LinkedHashMap<>();
        options.forEach(o -> set.put(o, "true"));
        return Chart.render(Chart.withSha(set));
    }

    /** What the rendered Roles and ClusterRoles grant, through their bindings, to each service's ServiceAccount. */
    static Set<Grant> granted(Chart.Rendered rendered) {
        Set<Grant> grants = new LinkedHashSet<>();
        for (RoleBinding binding : rendered.all(RoleBinding.class)) {
            String namespace = binding.getMetadata().getNamespace();
            Scope scope = SCOPES.getOrDefault(namespace, Scope.UNMANAGED);
            for (PolicyRule rule : rules(rendered, binding.getRoleRef(), namespace)) {
                for (Subject subject : binding.getSubjects()) {
                    grants.addAll(grants(service(subject), rule, scope));
                }
            }
        }
        for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
            for (PolicyRule rule : rules(rendered, binding.getRoleRef(), null)) {
                for (Subject subject : binding.getSubjects()) {
                    grants.addAll(grants(service(subject), rule, Scope.CLUSTER));
                }
            }
        }
        return grants;
    }

    private static List<PolicyRule> rules(Chart.Rendered rendered, RoleRef ref, String namespace) {
        if (ref.getKind().equals("ClusterRole")) {
            return rendered.named(ClusterRole.class, ref.getName()).getRules();
        }
        return rendered.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName())
                && r.getMetadata().getNamespace().equals(namespace)).findFirst()
                .orElseThrow(() -> new AssertionError("no Role " + ref.getName() + " in " + namespace)).getRules();
    }

    private static String service(Subject subject) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(subject.getName()).startsWith(Chart.RELEASE + "-");
        return subject.getName().substring(Chart.RELEASE.length() + 1);
    }

    private static List<Grant> grants(String service, PolicyRule rule, Scope scope) {
        assertThat(rule.getResourceNames()).as("resourceNames (the table has none)").isNullOrEmpty();
        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        List<Grant> grants = new ArrayList<>();
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    grants.add(new Grant(service, group, resource, verb, scope));
                }
            }
        }
        return grants;
    }

    /** A sandbox enforcing RBAC holding the rendered RBAC objects and every namespace they or the asks name. */
    static SandboxCluster applied(Chart.Rendered rendered) {
        SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withAuthorization(true).withTls(false)
                .withSimulator(false));
        KubernetesClient admin = sandbox.client();
        for (String namespace : List.of(Chart.NAMESPACE, MANAGED, BUILDS, UNMANAGED)) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        for (HasMetadata object : rendered.objects()) {
            if (Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding").contains(object.getKind())) {
                if (object.getMetadata().getNamespace() == null && !object.getKind().startsWith("Cluster")) {
                    object.getMetadata().setNamespace(Chart.NAMESPACE);
                }
                admin.resource(object).create();
            }
        }
        return sandbox;
    }

    static KubernetesClient serviceClient(SandboxCluster sandbox, String service) {
        return sandbox.client(sandbox.serviceAccountToken(Chart.NAMESPACE, Chart.RELEASE + "-" + service, Duration.ofHours(1)));
    }

    /** Every service × every resource the table names or {@link #OTHERS} × every verb × every place. */
    private static Map<Grant, Boolean> askEverything(SandboxCluster sandbox, Set<Grant> table) {
        Set<String> resources = new LinkedHashSet<>();
        table.forEach(g -> resources.add(g.group() + "/" + g.resource()));
        resources.addAll(OTHERS);
        Map<Grant, Boolean> answers = new LinkedHashMap<>();
        for (String service : PermissionTable.services()) {
            try (KubernetesClient client = serviceClient(sandbox, service)) {
                for (String groupResource : resources) {
                    int slash = groupResource.indexOf('/');
                    String group = groupResource.substring(0, slash);
                    String resource = groupResource.substring(slash + 1);
                    boolean clusterScoped = CLUSTER_SCOPED.contains(resource);
                    for (Scope scope : Scope.values()) {
                        if (clusterScoped && scope != Scope.CLUSTER) {
                            continue;
                        }
                        for (String verb : VERBS) {
                            Grant ask = new Grant(service, group, resource, verb, scope);
                            answers.put(ask, allowed(client, ask));
                        }
                    }
                }
            }
        }
        return answers;
    }

    private static boolean allowed(KubernetesClient client, Grant ask) {
        String[] parts = ask.resource().split("/", 2);
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withGroup(ask.group()).withResource(parts[0]).withSubresource(parts.length > 1 ? parts[1] : null)
                .withVerb(ask.verb()).withNamespace(namespace(ask.scope())).endResourceAttributes().endSpec().build();
        return Boolean.TRUE.equals(client.authorization().v1().selfSubjectAccessReview().create(review).getStatus().getAllowed());
    }

    private static String namespace(Scope scope) {
        return switch (scope) {
            case MANAGED -> MANAGED;
            case RELEASE -> Chart.NAMESPACE;
            case BUILDS -> BUILDS;
            case UNMANAGED -> UNMANAGED;
            case CLUSTER -> null;
        };
    }
}
