package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSetTest {

  private static final ObjectNode DEPLOYMENT = Json.obj("""
      {'apiVersion':'apps/v1','kind':'Deployment',
       'metadata':{'name':'web','namespace':'demo','uid':'u1','resourceVersion':'7','labels':{'app':'web'},
                   'finalizers':['a']},
       'spec':{'replicas':2,'template':{'spec':{'containers':[
          {'name':'app','image':'web:1','args':['--x'],'ports':[{'containerPort':8080}],
           'env':[{'name':'MODE','value':'prod'}]}]}}},
       'status':{'replicas':2}}""");

  @Test
  void givenAnAppliedDeployment_whenItsFieldsAreComputed_thenKeyedListsUseTheirKeysAndServerFieldsAreLeftOut() {
    // Given the deployment above / When
    ObjectNode fieldsV1 = FieldSet.of(DEPLOYMENT, FieldScope.MAIN).toFieldsV1();

    // Then
    assertThat(fieldsV1).isEqualTo(Json.obj("""
        {'f:metadata':{'f:finalizers':{'v:\\'a\\'':{}},'f:labels':{'f:app':{}}},
         'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'app\\'}':{
            '.':{},'f:args':{},'f:env':{'k:{\\'name\\':\\'MODE\\'}':{'.':{},'f:name':{},'f:value':{}}},
            'f:image':{},'f:name':{},
            'f:ports':{'k:{\\'containerPort\\':8080,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}
        """.replace("\\'", "\\\"")));
  }

  @Test
  void givenAFieldsV1Document_whenParsedAndSerialisedAgain_thenItIsUnchanged() {
    // Given
    ObjectNode original = FieldSet.of(DEPLOYMENT, FieldScope.MAIN).toFieldsV1();

    // When
    ObjectNode again = FieldSet.fromFieldsV1(original).toFieldsV1();

    // Then
    assertThat(again).isEqualTo(original);
  }

  @Test
  void givenTheStatusScope_whenFieldsAreComputed_thenOnlyStatusIsIncluded() {
    // Given / When
    ObjectNode fieldsV1 = FieldSet.of(DEPLOYMENT, FieldScope.STATUS).toFieldsV1();

    // Then
    assertThat(fieldsV1).isEqualTo(Json.obj("{'f:status':{'f:replicas':{}}}"));
  }

  @Test
  void givenAChangedImageAndANewLabel_whenChangedFieldsAreComputed_thenOnlyThoseLeavesAreReturned() {
    // Given
    ObjectNode after = DEPLOYMENT.deepCopy();
    ((ObjectNode) after.at("/spec/template/spec/containers/0")).put("image", "web:2");
    ((ObjectNode) after.at("/metadata/labels")).put("team", "a");

    // When
    FieldSet changed = FieldSet.changed(DEPLOYMENT, after, FieldScope.MAIN);

    // Then
    assertThat(changed.pathsShallowestFirst()).containsExactlyInAnyOrder(
        List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:image"),
        List.of("f:metadata", "f:labels", "f:team"));
  }

  @Test
  void givenAKeyedElementPath_whenRemoved_thenOnlyThatElementLeavesTheList() {
    // Given
    ObjectNode object = DEPLOYMENT.deepCopy();
    List<String> env = List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:env",
        "k:{\"name\":\"MODE\"}");

    // When
    FieldSet.remove(object, env);

    // Then
    assertThat(object.at("/spec/template/spec/containers/0/env")).isEmpty();
    assertThat(object.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:1");
  }

  @Test
  void givenASetMemberPath_whenRemoved_thenTheValueLeavesTheSet() {
    // Given
    ObjectNode object = DEPLOYMENT.deepCopy();

    // When
    FieldSet.remove(object, List.of("f:metadata", "f:finalizers", "v:\"a\""));

    // Then
    assertThat(object.at("/metadata/finalizers")).isEmpty();
  }

  @Test
  void givenAPathThroughAKeyedList_whenDescribed_thenItReadsLikeAFieldReference() {
    // Given
    List<String> path = List.of("f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:image");

    // When
    String text = FieldSet.describe(path);

    // Then
    assertThat(text).isEqualTo(".spec.containers[name=\"app\"].image");
  }

  @Test
  void givenTwoSets_whenCombined_thenUnionMinusAndIntersectBehaveLikeSets() {
    // Given
    FieldSet a = FieldSet.ofPaths(List.of(List.of("f:a"), List.of("f:b")));
    FieldSet b = FieldSet.ofPaths(List.of(List.of("f:b"), List.of("f:c")));

    // When
    FieldSet union = a.union(b);

    // Then
    assertThat(union).isEqualTo(FieldSet.ofPaths(List.of(List.of("f:a"), List.of("f:b"), List.of("f:c"))));
    assertThat(a.minus(b)).isEqualTo(FieldSet.ofPaths(List.of(List.of("f:a"))));
    assertThat(a.intersect(b).contains(List.of("f:b"))).isTrue();
    assertThat(FieldSet.empty().isEmpty()).isTrue();
    assertThat(a.toString()).contains("f:a");
    assertThat(a.hashCode()).isEqualTo(FieldSet.ofPaths(List.of(List.of("f:b"), List.of("f:a"))).hashCode());
  }

  @Test
  void givenAListWhoseElementsLackTheKey_whenFieldsAreComputed_thenTheListIsAtomic() {
    // Given
    ObjectNode object = Json.obj("{'spec':{'containers':[{'image':'x'}]}}");

    // When
    FieldSet fields = FieldSet.of(object, FieldScope.MAIN);

    // Then
    assertThat(fields.pathsShallowestFirst()).containsExactly(List.of("f:spec", "f:containers"));
  }
}
