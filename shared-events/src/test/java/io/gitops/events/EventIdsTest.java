package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void givenTheSameIdentity_whenIdsAreDerivedTwice_thenTheyAreEqual() {
        String first = EventIds.stable("webhook", "delivery-1");

        String second = EventIds.stable("webhook", "delivery-1");

        assertThat(first).isEqualTo(second).hasSize(36);
    }

    @Test
    void givenPartsThatConcatenateAlike_whenIdsAreDerived_thenTheyDiffer() {
        String ab = EventIds.stable("ab", "c");

        String a = EventIds.stable("a", "bc");

        assertThat(ab).isNotEqualTo(a);
        assertThat(EventIds.stable("a", null)).isEqualTo(EventIds.stable("a", ""));
    }

    @Test
    void givenNoParts_whenAnIdIsDerived_thenItIsRefused() {
        assertThatThrownBy(EventIds::stable).isInstanceOf(IllegalArgumentException.class);
    }
}
