package io.gitops.bumper.announce;

import io.gitops.kit.RecentIds;

/**
 * The ids of announced {@code config.changed} events held in memory, bounded (oldest forgotten first); caught up from
 * the start. {@link TopicAnnouncementLedger} fills it from the topic.
 */
public class RecentAnnouncements implements AnnouncementLedger {

    private final RecentIds ids;

    public RecentAnnouncements(int capacity) {
        this.ids = new RecentIds(capacity);
    }

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

    /** How many ids are held. */
    public int size() {
        return ids.size();
    }
}
