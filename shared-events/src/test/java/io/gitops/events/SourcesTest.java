package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import org.junit.jupiter.api.Test;

class SourcesTest {

    static Event<RolloutFailed> failed(String source) {
        RolloutFailed data = new RolloutFailed("shop", "staging", "shop-staging", "a".repeat(40), List.of(), null,
                RolloutFailureReason.CRASH_LOOP, "crash", null, true, null, null, 1, Instant.EPOCH);
        return Event.of(data).idFrom("x").source(source).time(Instant.EPOCH).build();
    }

    @Test
    void givenAnEventOfTheExpectedService_whenChecked_thenItIsBelievedAndHasNoProblem() {
        Event<RolloutFailed> event = failed(Sources.HEALTH_VERIFIER);

        boolean believed = Sources.is(event, Sources.HEALTH_VERIFIER);

        assertThat(believed).isTrue();
        assertThat(Sources.problem(event, Sources.HEALTH_VERIFIER)).isNull();
        assertThat(event.source()).hasToString("/gitops/health-verifier");
    }

    @Test
    void givenAnEventOfAnotherSource_whenChecked_thenTheProblemNamesBothSources() {
        Event<RolloutFailed> event = failed("intruder");

        String problem = Sources.problem(event, Sources.HEALTH_VERIFIER);

        assertThat(problem).isEqualTo("io.gitops.rollout.failed.v1 from /gitops/intruder, not from the "
                + "health-verifier (/gitops/health-verifier)");
    }
}
