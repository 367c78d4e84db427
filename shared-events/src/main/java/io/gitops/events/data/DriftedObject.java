package io.gitops.events.data;

/** One live object that differs from what the sync engine applied: where, and who changed it. */
public record DriftedObject(
        String apiVersion,
        String kind,
        String namespace,
        String name,
        String fieldPath,
        String manager) {
}
