package io.gitops.sync.history;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The applied revisions of one (app, env), newest first and bounded, plus the digests that must not be applied
 * again because their rollout failed (until a different revision has been applied).
 */
public record AppHistory(String app, String env, String namespace, List<RevisionRecord> entries,
                         List<String> rejectedDigests) {

    public AppHistory {
        entries = entries == null ? List.of() : List.copyOf(entries);
        rejectedDigests = rejectedDigests == null ? List.of() : List.copyOf(rejectedDigests);
    }

    public static AppHistory empty(String app, String env, String namespace) {
        return new AppHistory(app, env, namespace, List.of(), List.of());
    }

    /** The revision running now (the last one applied), if any. */
    public Optional<RevisionRecord> current() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    public Optional<RevisionRecord> find(String revision) {
        return entries.stream().filter(e -> e.revision().equals(revision)).findFirst();
    }

    public boolean isRejected(String digest) {
        return rejectedDigests.contains(digest);
    }

    /** With {@code record} as the newest entry, at most {@code limit} entries; rejections stay. */
    public AppHistory with(RevisionRecord record, int limit) {
        List<RevisionRecord> next = new ArrayList<>();
        next.add(record);
        next.addAll(entries);
        List<String> rejected = rejectedDigests.contains(record.digest())
                ? rejectedDigests.stream().filter(d -> !d.equals(record.digest())).toList() : rejectedDigests;
        return new AppHistory(app, env, namespace, next.subList(0, Math.min(Math.max(1, limit), next.size())),
                rejected);
    }

    /** With the running revision marked announced (its {@code sync.succeeded} was published). */
    public AppHistory announcingCurrent() {
        if (entries.isEmpty()) {
            return this;
        }
        List<RevisionRecord> next = new ArrayList<>(entries);
        next.set(0, entries.get(0).announcedNow());
        return new AppHistory(app, env, namespace, next, rejectedDigests);
    }

    public AppHistory rejecting(String digest) {
        Set<String> rejected = new LinkedHashSet<>(rejectedDigests);
        rejected.add(digest);
        return new AppHistory(app, env, namespace, entries, List.copyOf(rejected));
    }

    /** Without rejections of digests other than those in {@code keep} (Git moved on to something else). */
    public AppHistory clearingRejectionsExcept(String keep) {
        return new AppHistory(app, env, namespace, entries,
                rejectedDigests.stream().filter(d -> d.equals(keep)).toList());
    }

    public AppHistory withoutOldest() {
        return new AppHistory(app, env, namespace, entries.subList(0, Math.max(1, entries.size() - 1)),
                rejectedDigests);
    }
}
