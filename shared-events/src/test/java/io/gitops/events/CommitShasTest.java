package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitShasTest {

    @Test
    void givenCandidateTags_whenCheckedAsFullShas_thenOnlyFortyLowerCaseHexDigitsPass() {
        // Given
        String full = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";

        // When / Then
        assertThat(CommitShas.isFull(full)).isTrue();
        assertThat(CommitShas.isFull(full.substring(0, 12))).isFalse();
        assertThat(CommitShas.isFull(full.toUpperCase())).isFalse();
        assertThat(CommitShas.isFull("latest")).isFalse();
        assertThat(CommitShas.isFull(null)).isFalse();
    }
}
