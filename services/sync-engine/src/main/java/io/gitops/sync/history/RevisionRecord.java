package io.gitops.sync.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.data.SyncTrigger;

/**
 * One applied revision of an (app, env): the config commit, the digest of the rendered manifests, the key of the
 * render inputs, the images, the source commit from the config commit's trailers, and the exact objects that were
 * applied, so that a rollback re-applies them without rendering again.
 *
 * <p>It also says whether the revision was announced: it is recorded before {@code sync.succeeded} ({@code
 * changed=true}) is published, with {@code announced=false} and the id that event is published with, and marked
 * announced once the broker took it. An engine killed (or a broker away) in between finds the revision unannounced
 * and announces it again, with the same event id, so the health verifier judges it (and dedupes a repeat).
 *
 * @param announced      false between recording and publishing the announcement; null in records written before
 *                       the field existed (they were announced)
 * @param announcementId the id of the revision's {@code sync.succeeded} event; null when none is owed
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
        List<ObjectNode> objects,
        Boolean announced,
        String announcementId) {

    public RevisionRecord {
        images = images == null ? List.of() : List.copyOf(images);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** An announced revision (or one that owes no announcement). */
    public RevisionRecord(String revision, String digest, String inputKey, List<String> images, String sourceCommit,
                          Instant sourceCommitTime, SyncTrigger trigger, Instant appliedAt, List<ObjectNode> objects) {
        this(revision, digest, inputKey, images, sourceCommit, sourceCommitTime, trigger, appliedAt, objects, true,
                null);
    }

    /** Applied and recorded, but its {@code sync.succeeded} (with this id) not yet published. */
    public RevisionRecord unannounced(String eventId) {
        return new RevisionRecord(revision, digest, inputKey, images, sourceCommit, sourceCommitTime, trigger,
                appliedAt, objects, false, eventId);
    }

    /** The broker took the announcement. */
    public RevisionRecord announcedNow() {
        return new RevisionRecord(revision, digest, inputKey, images, sourceCommit, sourceCommitTime, trigger,
                appliedAt, objects, true, announcementId);
    }

    /** Whether an announcement is owed: recorded, never published. */
    @JsonIgnore
    public boolean awaitingAnnouncement() {
        return Boolean.FALSE.equals(announced);
    }

    /** The same manifests recorded again (e.g. re-applied by a rollback, which announces through its verdict). */
    public RevisionRecord reapplied(SyncTrigger by, Instant at) {
        return new RevisionRecord(revision, digest, inputKey, images, sourceCommit, sourceCommitTime, by, at, objects);
    }
}
