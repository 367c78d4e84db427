package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PollerTest {

    @Test
    void givenAJitteredInterval_whenTheNextDelayIsDrawnManyTimes_thenItStaysWithinTheJitter() {
        try (Poller poller = new Poller(null, Duration.ofMinutes(3), 0.2)) {

            for (int i = 0; i < 1000; i++) {
                Duration delay = poller.nextDelay();

                assertThat(delay).isBetween(Duration.ofSeconds(144), Duration.ofSeconds(216));
            }
        }
    }

    @Test
    void givenNoJitter_whenTheNextDelayIsDrawn_thenItIsTheInterval() {
        try (Poller poller = new Poller(null, Duration.ofSeconds(30), 0)) {

            Duration delay = poller.nextDelay();

            assertThat(delay).isEqualTo(Duration.ofSeconds(30));
        }
    }
}
