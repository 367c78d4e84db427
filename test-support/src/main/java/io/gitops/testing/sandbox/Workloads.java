package io.gitops.testing.sandbox;

import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The manifests a sync engine would apply for an app, and applying them the way it does. */
public final class Workloads {

    /** The sync engine's field manager. */
    public static final String SYNC_MANAGER = "gitops-sync-engine";

    private Workloads() {
    }

    /** Deployment {@code name} labelled {@code labels}; its pods carry {@code app: <name>}, one container "app". */
    public static Deployment deployment(String namespace, String name, Map<String, String> labels, String image,
            int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** StatefulSet {@code name} labelled {@code labels}; its pods carry {@code app: <name>}, one container "db". */
    public static StatefulSet statefulSet(String namespace, String name, Map<String, String> labels, String image,
            int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Server-side apply under the sync engine's field manager, as the sync engine does. */
    public static <T extends HasMetadata> T apply(KubernetesClient client, T manifest) {
        return client.resource(manifest).fieldManager(SYNC_MANAGER).forceConflicts().serverSideApply();
    }

    /** A 40-hex image tag made from a short seed. */
    public static String tag(String seed) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 40) {
            sb.append(Integer.toHexString(Math.abs((seed + sb.length()).hashCode())));
        }
        return sb.substring(0, 40);
    }
}
