package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void givenAnIdSeenBefore_whenSeenAgain_thenItIsARepeat() {
        RecentIds ids = new RecentIds(10);
        ids.firstTime("a");

        boolean first = ids.firstTime("a");

        assertThat(first).isFalse();
        assertThat(ids.contains("a")).isTrue();
    }

    @Test
    void givenMoreIdsThanTheCapacity_whenAdded_thenTheLeastRecentlySeenIsForgotten() {
        RecentIds ids = new RecentIds(2);
        ids.firstTime("a");
        ids.firstTime("b");
        ids.firstTime("a");

        ids.firstTime("c");

        assertThat(ids.contains("b")).isFalse();
        assertThat(ids.contains("a")).isTrue();
        assertThat(ids.size()).isEqualTo(2);
        assertThatThrownBy(() -> new RecentIds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
