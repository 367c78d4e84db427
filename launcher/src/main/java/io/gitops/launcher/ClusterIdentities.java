package io.gitops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.sandbox.Kubeconfig;

/**
 * Gives each service its own identity in the sandbox cluster, as the chart does on a real one: with the admin
 * kubeconfig it creates the namespaces the platform works in (the sync engine does not create them), applies the
 * chart's RBAC ({@link PlatformRbac}), requests one token per ServiceAccount (TokenRequest) and writes
 * {@code .gitops/kubeconfigs/<service>.yaml} holding only that token.
 */
final class ClusterIdentities {

    /** Field manager of what the launcher applies. */
    static final String FIELD_MANAGER = "gitops-launcher";
    /** Token lifetime: longer than any stack lives (the sandbox forgets tokens when it stops). */
    static final long TOKEN_SECONDS = 30L * 24 * 3600;

    private ClusterIdentities() {
    }

    /** The namespaces the RBAC objects live in: the release namespace and every managed one. */
    static Set<String> namespaces(List<HasMetadata> rbac) {
        Set<String> namespaces = new LinkedHashSet<>();
        namespaces.add(PlatformRbac.RELEASE_NAMESPACE);
        rbac.stream().map(o -> o.getMetadata().getNamespace()).filter(n -> n != null).forEach(namespaces::add);
        return namespaces;
    }

    /**
     * Creates the namespaces and applies {@code rbac} as the admin of {@code adminKubeconfig}; with
     * {@code tokens}, also requests each service's token and writes its kubeconfig. Returns service → kubeconfig
     * (empty without tokens).
     */
    static Map<String, Path> provision(StackLayout layout, List<HasMetadata> rbac, boolean tokens) throws IOException {
        Config admin = Config.fromKubeconfig(null, Files.readString(layout.kubeconfig()), null);
        Map<String, Path> kubeconfigs = new LinkedHashMap<>();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(admin).build()) {
            for (String namespace : namespaces(rbac)) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            }
            for (HasMetadata object : rbac) {
                client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            }
            if (!tokens) {
                return kubeconfigs;
            }
            for (HasMetadata object : rbac) {
                if (object instanceof ServiceAccount account) {
                    String service = service(account);
                    String token = token(client, account);
                    kubeconfigs.put(service, Kubeconfig.write(admin.getMasterUrl(), token, layout.serviceKubeconfig(service)));
                }
            }
        }
        List<String> missing = java.util.Arrays.stream(StackSettings.SERVICES).filter(s -> !kubeconfigs.containsKey(s)).toList();
        if (!missing.isEmpty()) {
            throw new StackException("the chart " + PlatformRbac.CHART + " rendered with " + PlatformRbac.VALUES
                    + " has no ServiceAccount for " + missing);
        }
        return kubeconfigs;
    }

    private static String service(ServiceAccount account) {
        Map<String, String> labels = account.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(PlatformRbac.COMPONENT_LABEL);
        if (service == null) {
            throw new StackException("ServiceAccount " + account.getMetadata().getName() + " has no label "
                    + PlatformRbac.COMPONENT_LABEL + " naming its service");
        }
        return service;
    }

    private static String token(KubernetesClient client, ServiceAccount account) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build();
        TokenRequest answer = client.serviceAccounts().inNamespace(account.getMetadata().getNamespace())
                .withName(account.getMetadata().getName()).tokenRequest(request);
        return answer.getStatus().getToken();
    }
}
