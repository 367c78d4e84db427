package io.gitops.sync.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.data.SyncTrigger;
import org.junit.jupiter.api.Test;

class AppHistoryTest {

    static RevisionRecord record(String revision, String digest) {
        ObjectNode object = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        object.putObject("metadata").put("name", "c-" + revision);
        return new RevisionRecord(revision, digest, "key-" + revision, List.of("reg/app:" + revision), "src",
                Instant.parse("2026-11-27T10:00:00Z"), SyncTrigger.CONFIG_CHANGED,
                Instant.parse("2026-11-27T10:01:00Z"), List.of(object));
    }

    @Test
    void givenMoreRevisionsThanTheLimit_whenRecorded_thenTheNewestAreKeptNewestFirst() {
        AppHistory history = AppHistory.empty("shop", "prod", "shop-prod");

        for (int i = 1; i <= 4; i++) {
            history = history.with(record("r" + i, "d" + i), 3);
        }

        assertThat(history.entries()).extracting(RevisionRecord::revision).containsExactly("r4", "r3", "r2");
        assertThat(history.current()).map(RevisionRecord::revision).contains("r4");
        assertThat(history.find("r3")).isPresent();
        assertThat(history.find("r1")).isEmpty();
    }

    @Test
    void givenARejectedDigest_whenAnotherRevisionIsRecordedAndRejectionsCleared_thenItIsAllowedAgain() {
        AppHistory history = AppHistory.empty("shop", "prod", "shop-prod").with(record("r1", "d1"), 10)
                .rejecting("d2");
        assertThat(history.isRejected("d2")).isTrue();

        AppHistory next = history.with(record("r3", "d3"), 10).clearingRejectionsExcept(null);

        assertThat(next.isRejected("d2")).isFalse();
        assertThat(next.withoutOldest().entries()).extracting(RevisionRecord::revision).containsExactly("r3");
    }

    @Test
    void givenAHistory_whenStoredAndReadBack_thenEveryFieldAndObjectSurvives() {
        AppHistory history = AppHistory.empty("shop", "prod", "shop-prod").with(record("r1", "d1"), 10)
                .rejecting("d0");

        AppHistory read = ConfigMapHistoryStore.decode(ConfigMapHistoryStore.encode(history));

        assertThat(read).isEqualTo(history);
        assertThat(ConfigMapHistoryStore.name("shop", "prod")).isEqualTo("gitops-history.shop.prod");
    }

    @Test
    void givenARecord_whenReapplied_thenOnlyTriggerAndTimeChange() {
        RevisionRecord original = record("r1", "d1");

        RevisionRecord again = original.reapplied(SyncTrigger.ROLLBACK, Instant.parse("2026-11-27T11:00:00Z"));

        assertThat(again.trigger()).isEqualTo(SyncTrigger.ROLLBACK);
        assertThat(again.objects()).isEqualTo(original.objects());
        assertThat(again.digest()).isEqualTo(original.digest());
    }

    @Test
    void givenARevisionOwingItsAnnouncement_whenStoredReadBackAndAnnounced_thenOnlyTheFlagChanges() {
        AppHistory owing = AppHistory.empty("shop", "prod", "shop-prod").with(record("r1", "d1"), 10)
                .with(record("r2", "d2").unannounced("event-2"), 10);
        AppHistory read = ConfigMapHistoryStore.decode(ConfigMapHistoryStore.encode(owing));

        AppHistory announced = read.announcingCurrent();

        assertThat(read.current().orElseThrow().awaitingAnnouncement()).isTrue();
        assertThat(read.current().orElseThrow().announcementId()).isEqualTo("event-2");
        assertThat(announced.current().orElseThrow().awaitingAnnouncement()).isFalse();
        assertThat(announced.current().orElseThrow().announcementId()).isEqualTo("event-2");
        assertThat(announced.entries().get(1)).isEqualTo(read.entries().get(1));
        assertThat(AppHistory.empty("shop", "prod", "shop-prod").announcingCurrent().entries()).isEmpty();
    }

    @Test
    void givenARecordWrittenBeforeAnnouncementsWereRecorded_whenReadBack_thenItOwesNoAnnouncement() throws Exception {
        String legacy = """
                {"app":"shop","env":"prod","namespace":"shop-prod","rejectedDigests":[],
                 "entries":[{"revision":"r1","digest":"d1","inputKey":"k","images":[],"trigger":"POLL",
                             "appliedAt":"2026-11-27T10:01:00Z","objects":[]}]}""";

        AppHistory read = io.gitops.events.EventCodec.mapper().readValue(legacy, AppHistory.class);

        assertThat(read.current().orElseThrow().announced()).isNull();
        assertThat(read.current().orElseThrow().awaitingAnnouncement()).isFalse();
    }
}
