package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Server-side apply as create-or-merge under a field manager: conflict detection against the other managers' fields
 * (skipped with {@code force}, which takes the fields over), the structural merge of {@link ApplyMerge}, removal of
 * fields the manager applied before but no longer applies (when nobody else owns them), and the manager's
 * {@code operation: Apply} entry in managedFields.
 */
public final class ServerSideApply {

  private ServerSideApply() {
  }

  /**
   * The object after {@code manager} applied {@code applied} to {@code live} (null when absent).
   *
   * @throws ApplyConflictException when not forced and another manager owns a field whose value would change
   */
  public static ObjectNode apply(JsonNode live, JsonNode applied, String manager, boolean force, FieldScope scope,
      Instant now) throws ApplyConflictException {
    FieldSet appliedFields = FieldSet.of(applied, scope);
    String subresource = scope.subresource();
    List<ManagedFieldsEntry> entries = new ArrayList<>(ManagedFields.read(live));
    ManagedFieldsEntry previous = entries.stream()
        .filter(e -> e.isSlotOf(manager, ManagedFieldsEntry.APPLY, subresource))
        .findFirst().orElse(null);

    List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ManagedFieldsEntry other = entries.get(i);
      if (other == previous || !Objects.equals(other.subresource(), subresource)) {
        continue;
      }
      FieldSet conflicting = FieldSet.empty();
      for (List<String> path : other.fields().intersect(appliedFields).pathsShallowestFirst()) {
        if (differs(live, applied, path)) {
          conflicting = conflicting.union(single(path));
          conflicts.add(new ApplyConflictException.Conflict(other.manager(), other.apiVersion(),
              FieldSet.describe(path)));
        }
      }
      entries.set(i, other.withFields(other.fields().minus(conflicting)));
    }
    if (!conflicts.isEmpty() && !force) {
      throw new ApplyConflictException(conflicts);
    }

    ObjectNode merged = ApplyMerge.merge(live, applied);
    FieldSet ownedByOthers = FieldSet.empty();
    for (ManagedFieldsEntry e : entries) {
      if (e != previous && Objects.equals(e.subresource(), subresource)) {
        ownedByOthers = ownedByOthers.union(e.fields());
      }
    }
    if (previous != null) {
      FieldSet dropped = previous.fields().minus(appliedFields).minus(ownedByOthers);
      for (List<String> path : dropped.pathsShallowestFirst()) {
        if (!hasOwnedDescendant(ownedByOthers.union(appliedFields), path)) {
          FieldSet.remove(merged, path);
        }
      }
    }

    String apiVersion = applied.path("apiVersion").asText(null);
    String time = previous != null && previous.fields().equals(appliedFields) ? previous.time()
        : ManagedFields.timestamp(now);
    ManagedFieldsEntry mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, apiVersion, time,
        subresource, appliedFields);
    if (previous != null) {
      entries.set(entries.indexOf(previous), mine);
    } else {
      entries.add(mine);
    }
    ManagedFields.write(merged, ManagedFields.pruneToExisting(entries, merged));
    return merged;
  }

  private static FieldSet single(List<String> path) {
    return FieldSet.ofPaths(List.of(path));
  }

  private static boolean differs(JsonNode live, JsonNode applied, List<String> path) {
    Optional<JsonNode> appliedValue = FieldSet.valueAt(applied, path);
    if (appliedValue.isPresent() && appliedValue.get().isObject() && !appliedValue.get().isEmpty()) {
      return false;
    }
    return !appliedValue.equals(FieldSet.valueAt(live, path));
  }

  private static boolean hasOwnedDescendant(FieldSet owned, List<String> path) {
    for (List<String> candidate : owned.pathsShallowestFirst()) {
      if (candidate.size() > path.size() && candidate.subList(0, path.size()).equals(path)) {
        return true;
      }
    }
    return false;
  }
}
