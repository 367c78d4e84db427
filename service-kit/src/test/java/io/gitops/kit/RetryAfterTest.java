package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void givenDelaySeconds_whenParsed_thenThatManySeconds() {
        assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("120")), CLOCK)).contains(Duration.ofSeconds(120));
    }

    @Test
    void givenAnHttpDate_whenParsed_thenTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:01:30 GMT", CLOCK)).contains(Duration.ofSeconds(90));
    }

    @Test
    void givenADateInThePast_whenParsed_thenZero() {
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void givenNoHeaderOrGarbage_whenParsed_thenEmpty() {
        assertThat(RetryAfter.parse(Map.of("x-other", List.of("1")), CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse((String) null, CLOCK)).isEmpty();
    }

    @Test
    void givenAFailureWrappingOneThatKnowsWhenToRetry_whenAsked_thenItsDelay() {
        RuntimeException limited = new Limited(Duration.ofSeconds(7));

        assertThat(RetryAfter.of(new RuntimeException(new IOException("wrapped", limited))))
                .contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(new IOException("plain"))).isEmpty();
    }

    static final class Limited extends RuntimeException implements RetryAfter {
        private final Duration after;

        Limited(Duration after) {
            this.after = after;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(after);
        }
    }
}
