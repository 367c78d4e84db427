package io.gitops.gitserver;

import org.eclipse.jgit.lib.ObjectId;

/** A branch moved by a direct write: full ref name, previous id (zero id when created) and new id. */
record BranchUpdate(String ref, ObjectId before, ObjectId after) {
}
