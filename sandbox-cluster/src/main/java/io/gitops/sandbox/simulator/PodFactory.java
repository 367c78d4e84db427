package io.gitops.sandbox.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Builds pods from a workload's pod template, owned by that workload (controller reference). */
public final class PodFactory {

  private static final Random RANDOM = new SecureRandom();

  private PodFactory() {
  }

  /** A controller owner reference to {@code owner}. */
  public static io.fabric8.kubernetes.api.model.OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A pod named {@code name} from the template, with the template's labels plus {@code extraLabels}. */
  public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, String name,
      Map<String, String> extraLabels) {
    PodTemplateSpec copy = Serialization.clone(template);
    Map<String, String> labels = new LinkedHashMap<>();
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      labels.putAll(copy.getMetadata().getLabels());
    }
    labels.putAll(extraLabels);
    Map<String, String> annotations = copy.getMetadata() == null ? null : copy.getMetadata().getAnnotations();
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(controllerRef(owner))
        .endMetadata()
        .withSpec(copy.getSpec())
        .build();
  }

  /** {@code <prefix>-<5 random characters>} from the safe alphabet, like generateName. */
  public static String randomName(String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 5; i++) {
      sb.append(PodTemplateHash.SAFE_ALPHABET.charAt(RANDOM.nextInt(PodTemplateHash.SAFE_ALPHABET.length())));
    }
    return sb.toString();
  }
}
