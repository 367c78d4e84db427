package io.gitops.bumper.announce;

/** The ids of {@code config.changed} events already published (by any bumper instance). */
public interface AnnouncementLedger {

    boolean contains(String eventId);

    void add(String eventId);

    /** True once everything published before this instance started is known. */
    boolean caughtUp();

    /** A ledger held in memory only, bounded (oldest forgotten first); caught up from the start. */
    static AnnouncementLedger inMemory(int capacity) {
        return new RecentAnnouncements(capacity);
    }
}
