package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.gitops.ingest.DeliveryLedger.Admission;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static DeliveryLedger ledger(Instant now, int max) {
        return new DeliveryLedger(Duration.ofHours(72), max, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void givenAPublishedDelivery_whenItComesAgain_thenItIsADuplicate() {
        DeliveryLedger ledger = ledger(NOW, 100);
        ledger.admit("d1");
        ledger.published("d1", NOW);

        Admission again = ledger.admit("d1");

        assertThat(again).isEqualTo(Admission.DUPLICATE);
    }

    @Test
    void givenADeliveryWhosePublishFailed_whenRedelivered_thenItIsNewAgain() {
        DeliveryLedger ledger = ledger(NOW, 100);
        ledger.admit("d1");
        ledger.failed("d1");

        Admission again = ledger.admit("d1");

        assertThat(again).isEqualTo(Admission.NEW);
    }

    @Test
    void givenADeliveryBeingPublished_whenTheSameIdArrivesConcurrently_thenItIsInFlight() {
        DeliveryLedger ledger = ledger(NOW, 100);
        ledger.admit("d1");

        Admission concurrent = ledger.admit("d1");

        assertThat(concurrent).isEqualTo(Admission.IN_FLIGHT);
    }

    @Test
    void givenADeliveryOlderThanTheWindow_whenItComesAgain_thenItIsNewAndForgotten() {
        DeliveryLedger ledger = ledger(NOW, 100);
        ledger.remember("old", NOW.minus(Duration.ofHours(73)));
        ledger.remember("recent", NOW.minus(Duration.ofHours(1)));

        Admission old = ledger.admit("old");

        assertThat(old).isEqualTo(Admission.NEW);
        assertThat(ledger.snapshot()).containsOnlyKeys("recent");
    }

    @Test
    void givenMoreDeliveriesThanTheBound_whenRemembered_thenTheOldestAreForgotten() {
        DeliveryLedger ledger = ledger(NOW, 2);

        ledger.remember("a", NOW.minusSeconds(3));
        ledger.remember("b", NOW.minusSeconds(2));
        ledger.remember("c", NOW.minusSeconds(1));
        ledger.remember("b", NOW.minusSeconds(5));

        assertThat(ledger.snapshot()).containsOnlyKeys("b", "c");
        assertThat(ledger.size()).isEqualTo(2);
    }
}
