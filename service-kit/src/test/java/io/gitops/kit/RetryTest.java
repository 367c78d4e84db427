package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> slept = new ArrayList<>();
    private final Retry retry = new Retry(4, Duration.ofMillis(100), Duration.ofMillis(250));

    @Test
    void givenATransientFailureThatClears_whenRun_thenItRetriesUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();

        Outcome<String> outcome = retry.run(() -> calls.incrementAndGet() < 3
                ? Outcome.transientFailure("busy", null) : Outcome.success("done"), slept::add);

        assertThat(outcome).isEqualTo(Outcome.success("done"));
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2);
        assertThat(slept.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(120));
        assertThat(slept.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(240));
    }

    @Test
    void givenAPermanentFailure_whenRun_thenItIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        Outcome<String> outcome = retry.run(() -> {
            calls.incrementAndGet();
            return Outcome.permanent("bad input");
        }, slept::add);

        assertThat(outcome).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void givenAFailureThatNeverClears_whenRun_thenTheLastTransientFailureIsReturnedAtTheBound() {
        AtomicInteger calls = new AtomicInteger();

        Outcome<String> outcome = retry.run(() -> Outcome.transientFailure("down " + calls.incrementAndGet(), null),
                slept::add);

        assertThat(outcome).isEqualTo(Outcome.transientFailure("down 4", null));
        assertThat(slept).hasSize(3);
        assertThat(slept.get(2)).isBetween(Duration.ofMillis(250), Duration.ofMillis(300));
    }

    @Test
    void givenAnInterruptedWait_whenRun_thenItStopsWithTheFailure() {
        Outcome<String> outcome = retry.run(() -> Outcome.transientFailure("x", null), d -> {
            throw new InterruptedException();
        });

        assertThat(outcome).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void givenNoAttempts_whenConfigured_thenItIsRefused() {
        assertThatThrownBy(() -> new Retry(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheRealSleeper_whenRunWithZeroBackoff_thenItCompletes() {
        Outcome<String> outcome = new Retry(2, Duration.ZERO, Duration.ZERO)
                .run(() -> Outcome.transientFailure("x", null));

        assertThat(outcome).isInstanceOf(Outcome.TransientFailure.class);
    }
}
