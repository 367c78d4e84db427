package io.gitops.health.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short durations in rules and messages. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "5s, PT5S", "2m, PT2M", "1h, PT1H"})
    void shortDurationIsParsed(String text, Duration expected) {
        // Given a duration as a rules file writes it

        // When it is parsed
        Duration parsed = Durations.parse(text);

        // Then it is the expected duration
        assertThat(parsed).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S, 250ms", "PT6S, 6s", "PT1.5S, 1.5s"})
    void durationIsFormattedForMessages(Duration duration, String expected) {
        // Given a duration measured by a watch

        // When it is formatted
        String text = Durations.format(duration);

        // Then it reads as in the messages
        assertThat(text).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"five seconds", "5", "5d"})
    void malformedDurationIsRejected(String text) {
        // Given a text that is not a short duration

        // When it is parsed
        // Then it is rejected with an example of what is accepted
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("e.g. 500ms, 5s");
    }
}
