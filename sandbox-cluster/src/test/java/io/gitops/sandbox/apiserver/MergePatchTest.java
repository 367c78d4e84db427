package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MergePatchTest {

  private static final JsonNode LIVE = Json.obj("""
      {'metadata':{'labels':{'a':'1','b':'2'}},
       'spec':{'containers':[{'name':'app','image':'v1','ports':[{'containerPort':80}]},{'name':'log','image':'l1'}]}}""");

  @Test
  void givenAMergePatch_whenApplied_thenNullsDeleteAndListsAreReplaced() {
    // Given
    JsonNode patch = Json.obj("{'metadata':{'labels':{'a':null,'c':'3'}},'spec':{'containers':[{'name':'app','image':'v2'}]}}");

    // When
    JsonNode result = MergePatch.apply(LIVE, patch);

    // Then
    assertThat(result).isEqualTo(Json.obj("""
        {'metadata':{'labels':{'b':'2','c':'3'}},'spec':{'containers':[{'name':'app','image':'v2'}]}}"""));
  }

  @Test
  void givenAStrategicMergePatchFromKubectl_whenApplied_thenContainersMergeByNameAndDirectivesAreIgnored() {
    // Given
    JsonNode patch = Json.obj("""
        {'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'log'}],
                 'containers':[{'name':'app','image':'v2'},{'name':'log','$patch':'delete'},{'name':'new','image':'n'}]}}""");

    // When
    JsonNode result = MergePatch.applyStrategic(LIVE, patch);

    // Then
    assertThat(result.at("/spec")).isEqualTo(Json.obj("""
        {'containers':[{'name':'app','image':'v2','ports':[{'containerPort':80}]},{'name':'new','image':'n'}]}"""));
  }

  @Test
  void givenANonObjectPatch_whenApplied_thenItReplacesTheTarget() {
    // Given
    JsonNode patch = Json.node("['x']");

    // When
    JsonNode result = MergePatch.apply(LIVE, patch);

    // Then
    assertThat(result).isEqualTo(patch);
  }

  @Test
  void givenAStrategicPatchOfAnAtomicList_whenApplied_thenTheListIsReplaced() {
    // Given
    JsonNode live = Json.obj("{'spec':{'args':['a','b']}}");

    // When
    JsonNode result = MergePatch.applyStrategic(live, Json.obj("{'spec':{'args':['c']}}"));

    // Then
    assertThat(result).isEqualTo(Json.obj("{'spec':{'args':['c']}}"));
  }
}
