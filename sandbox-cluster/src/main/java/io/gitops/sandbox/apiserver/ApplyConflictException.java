package io.gitops.sandbox.apiserver;

import java.util.List;

/** Server-side apply without {@code force} would change fields another manager owns. */
public final class ApplyConflictException extends Exception {

  /** One conflicting field. */
  public record Conflict(String manager, String apiVersion, String field) {
  }

  private final transient List<Conflict> conflicts;

  public ApplyConflictException(List<Conflict> conflicts) {
    super(message(conflicts));
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  private static String message(List<Conflict> conflicts) {
    StringBuilder sb = new StringBuilder("Apply failed with ").append(conflicts.size())
        .append(conflicts.size() == 1 ? " conflict:" : " conflicts:");
    for (Conflict c : conflicts) {
      sb.append(" conflict with \"").append(c.manager()).append("\" using ").append(c.apiVersion()).append(": ")
          .append(c.field()).append(';');
    }
    return sb.substring(0, sb.length() - 1);
  }
}
