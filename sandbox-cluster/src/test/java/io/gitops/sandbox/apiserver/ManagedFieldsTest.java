package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedFieldsTest {

  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00.750Z");

  @Test
  void givenAnAppliedObject_whenAnotherManagerChangesAField_thenItOwnsThatFieldAndTheApplierNoLonger()
      throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, Json.obj("""
        {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1','b':'2'}}"""), "sync", false,
        FieldScope.MAIN, NOW);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("data")).put("a", "changed");

    // When
    ManagedFields.recordUpdate(live, edited, "kubectl-edit", FieldScope.MAIN, NOW);

    // Then
    List<ManagedFieldsEntry> entries = ManagedFields.read(edited);
    assertThat(entries).extracting(ManagedFieldsEntry::manager, ManagedFieldsEntry::operation)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sync", "Apply"),
            org.assertj.core.groups.Tuple.tuple("kubectl-edit", "Update"));
    assertThat(entries.get(0).fields().contains(List.of("f:data", "f:a"))).isFalse();
    assertThat(entries.get(1).fields().contains(List.of("f:data", "f:a"))).isTrue();
    assertThat(entries.get(1).time()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(edited.at("/metadata/managedFields/1/fieldsType").asText()).isEqualTo("FieldsV1");
  }

  @Test
  void givenAFieldThatWasRemoved_whenTheWriteIsRecorded_thenNoEntryKeepsIt() throws Exception {
    // Given
    ObjectNode live = ServerSideApply.apply(null, Json.obj("""
        {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}"""), "sync", false,
        FieldScope.MAIN, NOW);
    ObjectNode edited = live.deepCopy();
    edited.remove("data");

    // When
    ManagedFields.recordUpdate(live, edited, "kubectl-edit", FieldScope.MAIN, NOW);

    // Then
    assertThat(edited.at("/metadata").has("managedFields")).isFalse();
  }

  @Test
  void givenAnEntry_whenTouched_thenOnlyThatEntrysTimeMoves() throws Exception {
    // Given
    ObjectNode object = ServerSideApply.apply(null, Json.obj("""
        {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}"""), "sync", false,
        FieldScope.MAIN, Instant.parse("2020-01-01T00:00:00Z"));

    // When
    ManagedFields.touch(object, "sync", "Apply", FieldScope.MAIN, NOW);

    // Then
    assertThat(ManagedFields.read(object)).singleElement().extracting(ManagedFieldsEntry::time)
        .isEqualTo("2025-01-01T10:00:00Z");
  }
}
