package io.gitops.sync.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.data.SyncTrigger;

/**
 * One applied revision of an (app, env): the config commit, the digest of the rendered manifests, the key of the
 * render inputs, the images, the source commit from the config commit's trailers, and the exact objects that were
 * applied, so that a rollback re-applies them without rendering again.
 */
public record RevisionRecord(
        String revision,
        String digest,
        String inputKey,
        List<String> images,
        String sourceCommit,
        Instant sourceCommitTime,
        SyncTrigger trigger,
        Instant appliedAt,
        List<ObjectNode> objects) {

    public RevisionRecord {
        images = images == null ? List.of() : List.copyOf(images);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** The same manifests recorded again (e.g. re-applied by a rollback). */
    public RevisionRecord reapplied(SyncTrigger by, Instant at) {
        return new RevisionRecord(revision, digest, inputKey, images, sourceCommit, sourceCommitTime, by, at, objects);
    }
}
