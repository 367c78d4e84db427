package io.gitops.sandbox.apiserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationPolicyTest {

  @Test
  void givenASpecChange_whenChecked_thenGenerationMoves() {
    // Given / When
    boolean bump = GenerationPolicy.shouldBump(Json.obj("{'spec':{'replicas':1}}"),
        Json.obj("{'spec':{'replicas':2}}"));

    // Then
    assertThat(bump).isTrue();
  }

  @Test
  void givenOnlyStatusAndMetadataChanges_whenChecked_thenGenerationStays() {
    // Given / When
    boolean bump = GenerationPolicy.shouldBump(
        Json.obj("{'metadata':{'labels':{'a':'1'}},'spec':{'replicas':1},'status':{'replicas':0}}"),
        Json.obj("{'metadata':{'labels':{'a':'2'}},'spec':{'replicas':1},'status':{'replicas':1}}"));

    // Then
    assertThat(bump).isFalse();
  }

  @Test
  void givenAnObjectWithoutSpec_whenItsDataChanges_thenGenerationMoves() {
    // Given / When
    boolean bump = GenerationPolicy.shouldBump(Json.obj("{'metadata':{},'data':{'a':'1'}}"),
        Json.obj("{'metadata':{},'data':{'a':'2'}}"));

    // Then
    assertThat(bump).isTrue();
  }
}
