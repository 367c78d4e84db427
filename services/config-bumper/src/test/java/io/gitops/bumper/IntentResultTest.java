package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;

class IntentResultTest {

    static final Intent INTENT = Fixtures.bump("shop", Fixtures.sha("a"), T0);

    @Test
    void givenOnlyNoOpsAndRefusals_whenClassified_thenItIsASuccess() {
        IntentResult result = new IntentResult(INTENT, List.of(new TargetResult.Unchanged("shop", "a", "same"),
                new TargetResult.Superseded("shop", "b", "newer"), new TargetResult.Refused("shop", "c", "quarantined")));

        Outcome<IntentResult> outcome = result.outcome();

        assertThat(outcome).isInstanceOf(Outcome.Success.class);
    }

    @Test
    void givenAPermanentAndATransientFailure_whenClassified_thenItIsTransientSoTheRetryCanFinishTheRest() {
        IntentResult result = new IntentResult(INTENT, List.of(new TargetResult.Failed("shop", "a", true, "bad yaml"),
                new TargetResult.Failed("shop", "b", false, "git down")));

        Outcome<IntentResult> outcome = result.outcome();

        assertThat(outcome).isInstanceOfSatisfying(Outcome.TransientFailure.class, t -> assertThat(t.reason())
                .isEqualTo("shop/a: bad yaml; shop/b: git down"));
    }

    @Test
    void givenOnlyPermanentFailures_whenClassified_thenItIsPermanentWithEveryReason() {
        IntentResult result = new IntentResult(INTENT, List.of(new TargetResult.Failed("x/..", null, true, "bad name"),
                new TargetResult.Unchanged("shop", "b", "same")));

        Outcome<IntentResult> outcome = result.outcome();

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("x/..: bad name"));
    }
}
