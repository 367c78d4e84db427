package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSideApplyTest {

  private static final Instant T1 = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2025-01-01T11:00:00Z");

  private static ObjectNode manifest(String image, boolean withEnv) {
    return Json.obj("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'demo'},
         'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'app','image':'%s'%s}]}}}}"""
        .formatted(image, withEnv ? ",'env':[{'name':'MODE','value':'prod'}]" : ""));
  }

  @Test
  void givenNoLiveObject_whenApplied_thenTheObjectIsTheApplyWithAnApplyEntryForTheManager() throws Exception {
    // Given
    ObjectNode applied = manifest("web:1", true);

    // When
    ObjectNode created = ServerSideApply.apply(null, applied, "sync", false, FieldScope.MAIN, T1);

    // Then
    List<ManagedFieldsEntry> entries = ManagedFields.read(created);
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.manager()).isEqualTo("sync");
      assertThat(e.operation()).isEqualTo("Apply");
      assertThat(e.apiVersion()).isEqualTo("apps/v1");
      assertThat(e.time()).isEqualTo("2025-01-01T10:00:00Z");
      assertThat(e.subresource()).isNull();
      assertThat(e.fields().contains(List.of("f:spec", "f:replicas"))).isTrue();
    });
    assertThat(created.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:1");
  }

  @Test
  void givenAFieldChangedByAnotherManager_whenAppliedWithoutForce_thenItConflictsNamingManagerAndField()
      throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, manifest("web:1", false), "sync", false, FieldScope.MAIN, T1);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "web:hotfix");
    ManagedFields.recordUpdate(live, edited, "kubectl-edit", FieldScope.MAIN, T1);

    // When / Then
    assertThatThrownBy(() -> ServerSideApply.apply(edited, manifest("web:2", false), "sync", false, FieldScope.MAIN,
        T2))
        .isInstanceOf(ApplyConflictException.class)
        .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: "
            + ".spec.template.spec.containers[name=\"app\"].image")
        .satisfies(e -> assertThat(((ApplyConflictException) e).conflicts()).hasSize(1));
  }

  @Test
  void givenAFieldChangedByAnotherManager_whenAppliedWithForce_thenTheApplierTakesItOver() throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, manifest("web:1", false), "sync", false, FieldScope.MAIN, T1);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "web:hotfix");
    ManagedFields.recordUpdate(live, edited, "kubectl-edit", FieldScope.MAIN, T1);

    // When
    ObjectNode healed = ServerSideApply.apply(edited, manifest("web:1", false), "sync", true, FieldScope.MAIN, T2);

    // Then
    assertThat(healed.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:1");
    assertThat(ManagedFields.read(healed)).extracting(ManagedFieldsEntry::manager).containsExactly("sync");
  }

  @Test
  void givenAnEnvVarTheManagerNoLongerApplies_whenReapplied_thenItIsRemovedFromTheObject() throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, manifest("web:1", true), "sync", false, FieldScope.MAIN, T1);

    // When
    ObjectNode updated = ServerSideApply.apply(live, manifest("web:1", false), "sync", false, FieldScope.MAIN, T2);

    // Then
    assertThat(updated.at("/spec/template/spec/containers/0/env/0").isMissingNode()).isTrue();
    assertThat(updated.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:1");
  }

  @Test
  void givenAFieldAlsoOwnedByAnotherManager_whenTheApplierDropsIt_thenItStays() throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, manifest("web:1", true), "sync", false, FieldScope.MAIN, T1);
    ObjectNode shared = ServerSideApply.apply(live, manifest("web:1", true), "other", false, FieldScope.MAIN, T1);

    // When
    ObjectNode updated = ServerSideApply.apply(shared, manifest("web:1", false), "sync", false, FieldScope.MAIN, T2);

    // Then
    assertThat(updated.at("/spec/template/spec/containers/0/env/0/value").asText()).isEqualTo("prod");
  }

  @Test
  void givenTheSameApplyTwice_whenReapplied_thenTheEntryKeepsItsTime() throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, manifest("web:1", true), "sync", false, FieldScope.MAIN, T1);

    // When
    ObjectNode again = ServerSideApply.apply(live, manifest("web:1", true), "sync", false, FieldScope.MAIN, T2);

    // Then
    assertThat(again).isEqualTo(live);
  }

  @Test
  void givenAStatusApply_whenApplied_thenTheEntryIsForTheStatusSubresource() throws Exception {
    // Given
    JsonNode live = ServerSideApply.apply(null, manifest("web:1", false), "sync", false, FieldScope.MAIN, T1);
    ObjectNode status = Json.obj("{'apiVersion':'apps/v1','kind':'Deployment','status':{'replicas':2}}");

    // When
    ObjectNode updated = ServerSideApply.apply(live, status, "ctrl", false, FieldScope.STATUS, T2);

    // Then
    assertThat(ManagedFields.read(updated)).filteredOn(e -> e.manager().equals("ctrl"))
        .singleElement().extracting(ManagedFieldsEntry::subresource).isEqualTo("status");
  }
}
