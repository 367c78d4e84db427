package io.gitops.sandbox.simulator;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodTemplateHashTest {

  private static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
  }

  @Test
  void givenTwoEqualTemplates_whenHashed_thenTheHashesAreEqualAndUseTheSafeAlphabet() {
    // Given / When
    String hash = PodTemplateHash.of(template("web:1"));

    // Then
    assertThat(hash).isEqualTo(PodTemplateHash.of(template("web:1"))).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(hash).isNotEqualTo(PodTemplateHash.of(template("web:2")));
  }
}
