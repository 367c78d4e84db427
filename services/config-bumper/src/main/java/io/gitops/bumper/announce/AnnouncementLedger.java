package io.gitops.bumper.announce;

import io.gitops.kit.RecentIds;

/** The ids of {@code config.changed} events already published (by any bumper instance). */
public interface AnnouncementLedger {

    boolean contains(String eventId);

    void add(String eventId);

    /** True once everything published before this instance started is known. */
    boolean caughtUp();

    /** A ledger held in memory only, bounded (oldest forgotten first); caught up from the start. */
    static AnnouncementLedger inMemory(int capacity) {
        RecentIds ids = new RecentIds(capacity);
        return new AnnouncementLedger() {
            @Override
            public boolean contains(String eventId) {
                return ids.contains(eventId);
            }

            @Override
            public void add(String eventId) {
                ids.firstTime(eventId);
            }

            @Override
            public boolean caughtUp() {
                return true;
            }
        };
    }
}
