package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyMergeTest {

  @Test
  void givenLiveMapsAndLists_whenAnApplyIsMerged_thenMapsMergeKeyedListsMergeByKeyAndOtherListsAreReplaced() {
    // Given
    ObjectNode live = Json.obj("""
        {'metadata':{'labels':{'a':'1'},'finalizers':['x']},
         'spec':{'args':['--old'],'containers':[{'name':'app','image':'v1','tty':true},{'name':'sidecar','image':'s'}],
                 'ports':[{'containerPort':80,'name':'http'}]}}""");
    ObjectNode applied = Json.obj("""
        {'metadata':{'labels':{'b':'2'},'finalizers':['y']},
         'spec':{'args':['--new'],'containers':[{'name':'app','image':'v2'}],
                 'ports':[{'containerPort':80,'protocol':'TCP','name':'web'}]}}""");

    // When
    ObjectNode merged = ApplyMerge.merge(live, applied);

    // Then
    assertThat(merged).isEqualTo(Json.obj("""
        {'metadata':{'labels':{'a':'1','b':'2'},'finalizers':['x','y']},
         'spec':{'args':['--new'],'containers':[{'name':'app','image':'v2','tty':true},{'name':'sidecar','image':'s'}],
                 'ports':[{'containerPort':80,'name':'web','protocol':'TCP'}]}}"""));
  }

  @Test
  void givenANullInTheApply_whenMerged_thenTheFieldIsRemoved() {
    // Given
    ObjectNode live = Json.obj("{'spec':{'paused':true,'replicas':1}}");

    // When
    ObjectNode merged = ApplyMerge.merge(live, Json.obj("{'spec':{'paused':null}}"));

    // Then
    assertThat(merged).isEqualTo(Json.obj("{'spec':{'replicas':1}}"));
  }

  @Test
  void givenNoLiveObject_whenMerged_thenTheApplyIsCopied() {
    // Given
    ObjectNode applied = Json.obj("{'spec':{'replicas':1}}");

    // When
    ObjectNode merged = ApplyMerge.merge(null, applied);

    // Then
    assertThat(merged).isEqualTo(applied).isNotSameAs(applied);
  }
}
