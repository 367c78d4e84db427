package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Bookkeeping of {@code metadata.managedFields}: reading and writing the entries, and recording which manager owns
 * which fields after a write. A field has one or more owners; a write by one manager takes the fields it changed
 * (Update) or forced (Apply) away from the others; fields that no longer exist are dropped from every entry.
 */
public final class ManagedFields {

  private ManagedFields() {
  }

  /** The entries of an object (empty for null). */
  public static List<ManagedFieldsEntry> read(JsonNode object) {
    List<ManagedFieldsEntry> out = new ArrayList<>();
    if (object == null) {
      return out;
    }
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      out.add(new ManagedFieldsEntry(e.path("manager").asText(""), e.path("operation").asText(""),
          e.path("apiVersion").asText(null), e.path("time").asText(null),
          e.hasNonNull("subresource") ? e.get("subresource").asText() : null,
          FieldSet.fromFieldsV1(e.get("fieldsV1"))));
    }
    return out;
  }

  /** Replaces the object's managedFields with the given entries (removing the field when there are none). */
  public static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
    ObjectNode metadata = object.withObjectProperty("metadata");
    if (entries.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    ArrayNode list = metadata.putArray("managedFields");
    for (ManagedFieldsEntry entry : entries) {
      ObjectNode e = list.addObject();
      e.put("manager", entry.manager());
      e.put("operation", entry.operation());
      if (entry.apiVersion() != null) {
        e.put("apiVersion", entry.apiVersion());
      }
      e.put("time", entry.time());
      e.put("fieldsType", "FieldsV1");
      e.set("fieldsV1", entry.fields().toFieldsV1());
      if (entry.subresource() != null) {
        e.put("subresource", entry.subresource());
      }
    }
  }

  /** RFC 3339 with second precision, as the API server writes it. */
  public static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Records a non-apply write ({@code operation: Update}): the manager gains the fields it changed, which the other
   * managers lose; fields absent from {@code after} are dropped from every entry. Writes the result into
   * {@code after}. An existing entry keeps its time: {@link #touch} moves it once the write is known to change
   * the object.
   */
  public static void recordUpdate(JsonNode before, ObjectNode after, String manager, FieldScope scope,
      Instant now) {
    FieldSet changed = FieldSet.changed(before, after, scope);
    List<ManagedFieldsEntry> entries = read(before);
    String apiVersion = after.path("apiVersion").asText(null);
    List<ManagedFieldsEntry> out = new ArrayList<>();
    boolean found = false;
    for (ManagedFieldsEntry entry : entries) {
      if (entry.isSlotOf(manager, ManagedFieldsEntry.UPDATE, scope.subresource())) {
        found = true;
        out.add(entry.withFields(entry.fields().union(changed)));
      } else if (Objects.equals(entry.subresource(), scope.subresource())) {
        out.add(entry.withFields(entry.fields().minus(changed)));
      } else {
        out.add(entry);
      }
    }
    if (!found && !changed.isEmpty()) {
      out.add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.UPDATE, apiVersion, timestamp(now),
          scope.subresource(), changed));
    }
    write(after, pruneToExisting(out, after));
  }

  /** Drops fields that no longer exist in the object, and entries left without fields. */
  public static List<ManagedFieldsEntry> pruneToExisting(List<ManagedFieldsEntry> entries, JsonNode object) {
    FieldSet main = FieldSet.existing(object, FieldScope.MAIN);
    FieldSet status = FieldSet.existing(object, FieldScope.STATUS);
    List<ManagedFieldsEntry> out = new ArrayList<>();
    for (ManagedFieldsEntry entry : entries) {
      FieldSet present = entry.fields().intersect(entry.subresource() == null ? main : status);
      if (!present.isEmpty()) {
        out.add(entry.withFields(present));
      }
    }
    return out;
  }

  /** Sets the time of one manager's entry to now (after a write that changed the object). */
  public static void touch(ObjectNode object, String manager, String operation, FieldScope scope, Instant now) {
    List<ManagedFieldsEntry> entries = new ArrayList<>(read(object));
    entries.replaceAll(e -> e.isSlotOf(manager, operation, scope.subresource()) ? e.withTime(timestamp(now)) : e);
    write(object, entries);
  }
}
