package io.gitops.sandbox.apiserver;

import java.util.Set;

/** Which part of an object a write may touch: the main resource (all but status) or the status subresource. */
public enum FieldScope {
  MAIN,
  STATUS;

  private static final Set<String> IDENTITY_TOP_LEVEL = Set.of("apiVersion", "kind");
  private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
      "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
      "deletionGracePeriodSeconds");

  /** Whether a top-level field belongs to this scope. */
  public boolean includesTopLevel(String field) {
    if (IDENTITY_TOP_LEVEL.contains(field)) {
      return false;
    }
    return this == STATUS ? "status".equals(field) : !"status".equals(field);
  }

  /** Whether a metadata field is recorded as owned (server-maintained fields never are). */
  public static boolean isOwnableMetadata(String field) {
    return !SERVER_METADATA.contains(field);
  }

  /** The {@code subresource} value of a managedFields entry for this scope. */
  public String subresource() {
    return this == STATUS ? "status" : null;
  }
}
