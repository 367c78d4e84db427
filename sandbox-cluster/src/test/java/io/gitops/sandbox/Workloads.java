package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** Test fixtures: the manifests a sync engine would apply. */
final class Workloads {

  private Workloads() {
  }

  static Deployment deployment(String namespace, String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name).endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("app").withImage(image)
        .addNewPort().withContainerPort(8080).withName("http").endPort()
        .addNewEnv().withName("MODE").withValue("prod").endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static StatefulSet statefulSet(String namespace, String name, String image, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
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
}
