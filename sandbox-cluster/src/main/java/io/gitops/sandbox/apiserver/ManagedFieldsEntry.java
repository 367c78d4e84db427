package io.gitops.sandbox.apiserver;

/** One {@code metadata.managedFields[]} entry. {@code subresource} is null for the main resource. */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, String time,
    String subresource, FieldSet fields) {

  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  /** Whether this entry is the one a write by (manager, operation, subresource) replaces. */
  public boolean isSlotOf(String otherManager, String otherOperation, String otherSubresource) {
    return manager.equals(otherManager) && operation.equals(otherOperation)
        && java.util.Objects.equals(subresource, otherSubresource);
  }

  public ManagedFieldsEntry withFields(FieldSet newFields) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, newFields);
  }

  public ManagedFieldsEntry withTime(String newTime) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, subresource, fields);
  }
}
