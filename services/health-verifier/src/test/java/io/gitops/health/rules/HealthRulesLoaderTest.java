package io.gitops.health.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.gitops.events.data.RolloutFailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules file is checked completely when it is read. */
class HealthRulesLoaderTest {

    private static final String VALID_CONTAINER_RULE = """
            containerRules:
              - name: crash-loop
                when: {waitingReason: CrashLoopBackOff}
                fail: CRASH_LOOP
                message: "pod {pod} crashed"
            """;

    @Test
    void builtInRulesAreReadInPriorityOrder() {
        // Given the rules shipped in health-rules.yaml

        // When they are read
        HealthRules rules = HealthRules.builtIn();

        // Then the deadline rule comes first and the container rules keep their order
        assertThat(rules.workloadRules()).extracting(WorkloadRule::name).containsExactly("progress-deadline-exceeded");
        assertThat(rules.containerRules()).extracting(ContainerRule::name)
                .containsExactly("crash-loop", "too-many-restarts", "invalid-image", "image-pull", "readiness");
        assertThat(rules.containerRules().get(3).forAtLeast()).isEqualTo("imagePullGrace");
    }

    @Test
    void rulesFileOnDiskReplacesTheBuiltInOnes(@TempDir Path dir) throws Exception {
        // Given a rules file with one container rule given as a single waiting reason
        Path file = Files.writeString(dir.resolve("rules.yaml"), VALID_CONTAINER_RULE);

        // When it is read
        HealthRules rules = HealthRulesLoader.load(file);

        // Then that is the whole rule set
        assertThat(rules.workloadRules()).isEmpty();
        assertThat(rules.containerRules()).singleElement().satisfies(r -> {
            assertThat(r.waitingReasons()).containsExactly("CrashLoopBackOff");
            assertThat(r.fail()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
        });
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("unknown top-level key",
                        "other: []",
                        "unknown key 'other'"),
                Arguments.of("not a mapping",
                        "[1, 2]",
                        "the document must be a mapping"),
                Arguments.of("unknown failure reason",
                        "containerRules: [{name: r, when: {ready: false}, fail: BROKEN, message: m}]",
                        "fail: BROKEN is not one of"),
                Arguments.of("unknown message variable",
                        "containerRules: [{name: r, when: {ready: false}, fail: READINESS, message: '{nope}'}]",
                        "message names unknown variable(s) [nope]"),
                Arguments.of("unknown threshold name",
                        "containerRules: [{name: r, when: {restartsAbove: lots}, fail: CRASH_LOOP, message: m}]",
                        "'lots' is neither one of"),
                Arguments.of("malformed duration",
                        "containerRules: [{name: r, when: {forAtLeast: soon}, fail: IMAGE_PULL, message: m}]",
                        "nor a duration"),
                Arguments.of("empty condition",
                        "containerRules: [{name: r, when: {}, fail: CRASH_LOOP, message: m}]",
                        "'when' needs at least one condition"),
                Arguments.of("both qualifiers",
                        "containerRules: [{name: r, when: {ready: false, forAtLeast: 5s, observationsAtLeast: 3}, fail: READINESS, message: m}]",
                        "either forAtLeast or observationsAtLeast"),
                Arguments.of("non-boolean flag",
                        "containerRules: [{name: r, when: {ready: maybe}, fail: READINESS, message: m}]",
                        "ready must be true or false"),
                Arguments.of("missing message",
                        "containerRules: [{name: r, when: {ready: false}, fail: READINESS}]",
                        "'message' is required"),
                Arguments.of("duplicate name",
                        "containerRules: [{name: r, when: {ready: false}, fail: READINESS, message: m}, {name: r, when: {ready: true}, fail: READINESS, message: m}]",
                        "rule name 'r' is used twice"),
                Arguments.of("unknown workload kind",
                        "workloadRules: [{name: w, kinds: [DaemonSet], condition: {type: Progressing}, fail: TIMEOUT, message: m}]",
                        "kind DaemonSet is not one of"),
                Arguments.of("workload rule without kinds",
                        "workloadRules: [{name: w, kinds: [], condition: {type: Progressing}, fail: TIMEOUT, message: m}]",
                        "needs at least one kind"),
                Arguments.of("unknown condition key",
                        "workloadRules: [{name: w, kinds: [Deployment], condition: {type: P, age: 3}, fail: TIMEOUT, message: m}]",
                        "unknown key 'age'"),
                Arguments.of("list expected",
                        "containerRules: {name: r}",
                        "containerRules must be a list"),
                Arguments.of("not YAML",
                        "containerRules: [",
                        "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRulesFileIsRejectedNamingTheProblem(String problem, String yaml, String expected) {
        // Given a rules file with one problem (described by the first column)

        // When it is read
        // Then it is rejected with a message naming the file and the problem
        assertThatThrownBy(() -> HealthRulesLoader.parse(yaml, "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("health rules rules.yaml")
                .hasMessageContaining(expected);
    }

    @Test
    void missingRulesFileIsRejectedNamingIt(@TempDir Path dir) {
        // Given a path where there is no file
        Path missing = dir.resolve("absent.yaml");

        // When it is read
        // Then the error names it
        assertThatThrownBy(() -> HealthRulesLoader.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read health rules " + missing);
    }
}
