package io.gitops.sync.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.sync.manifest.ObjectKey;

/** A managed object changed or disappeared in the cluster ({@code live} is its last state). */
public record LiveChange(ObjectKey key, ObjectNode live, boolean deleted) {
}
