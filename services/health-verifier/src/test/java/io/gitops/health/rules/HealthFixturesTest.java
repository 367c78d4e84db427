package io.gitops.health.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import io.gitops.health.rules.Verdict.Failed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture in {@code health-fixtures/} against the built-in rules: the state gives the expected verdict. */
class HealthFixturesTest {

    private static final HealthEvaluator EVALUATOR = new HealthEvaluator(HealthRules.builtIn(), Thresholds.DEFAULTS);

    static Stream<Arguments> fixtures() {
        return HealthFixture.files().stream().map(HealthFixture::load)
                .map(f -> Arguments.of(f.name(), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureStateGivesTheExpectedVerdictAndMessage(String name, HealthFixture fixture) {
        // Given the fixture's workloads, ReplicaSets, pods and earlier observations (loaded above)

        // When the rules judge the state
        Verdict verdict = EVALUATOR.assess(fixture.snapshot(), fixture.history()).verdict();

        // Then the status, reason and message are the expected ones
        assertThat(verdict.getClass().getSimpleName()).as(fixture.description()).isEqualTo(fixture.status());
        assertThat(verdict.message()).isEqualTo(fixture.message());
        assertThat(verdict instanceof Failed failed ? failed.reason().name() : null).isEqualTo(fixture.reason());
    }

    @Test
    void everyBuiltInRuleIsExercisedByAFixtureThatFailsWithIt() {
        // Given every fixture
        List<HealthFixture> fixtures = HealthFixture.files().stream().map(HealthFixture::load).toList();

        // When the reasons the failing fixtures expect are collected
        List<String> reasons = fixtures.stream().filter(f -> f.reason() != null).map(HealthFixture::reason).toList();

        // Then each failure reason a built-in rule can give is covered by at least one fixture
        HealthRules rules = HealthRules.builtIn();
        Stream.concat(rules.workloadRules().stream().map(r -> r.fail().name()),
                rules.containerRules().stream().map(r -> r.fail().name()))
                .forEach(reason -> assertThat(reasons).contains(reason));
    }
}
