package io.gitops.build.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.gitops.build.pipeline.PipelineSpec;
import io.gitops.build.testing.Apps;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;
import io.gitops.kit.Retry;
import org.junit.jupiter.api.Test;

class StageRegistryTest {

    static final Retry RETRY = new Retry(3, Duration.ofMillis(1), Duration.ofMillis(1));

    record Named(String name) implements Stage {
        @Override
        public Outcome<StageReport> run(StageContext context) {
            return StageReport.skipped("test");
        }
    }

    static StageRegistry.Builder registered(List<String> names, Duration maxTimeout) {
        StageRegistry.Builder builder = StageRegistry.builder();
        names.forEach(n -> builder.register(new Named(n), maxTimeout, RETRY));
        return builder;
    }

    @Test
    void givenTheFiveStagesInPipelineOrder_whenRegistered_thenEachKeepsItsMetadata() {
        StageRegistry registry = registered(List.of("lint", "test", "sast", "build", "push"), Duration.ofHours(2))
                .build();

        assertThat(registry.entries()).extracting(StageRegistry.Entry::name)
                .containsExactly("lint", "test", "sast", "build", "push");
        assertThat(registry.get(1).retry()).isEqualTo(RETRY);
        assertThat(registry.size()).isEqualTo(5);
    }

    @Test
    void givenStagesOutOfOrder_whenBuilt_thenTheRegistryIsRefused() {
        StageRegistry.Builder builder = registered(List.of("test", "lint", "sast", "build", "push"), Duration.ofHours(1));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[lint, test, sast, build, push]");
    }

    @Test
    void givenAnAppAskingForMoreThanTheCap_whenItsTimeoutIsRead_thenTheCapApplies() {
        PipelineSpec spec = new PipelineSpec("pl-shop-9f2c1e4b7a6d", Apps.app("shop", "acme/shop"), "acme/shop",
                "main", Apps.SHA, null, "u", "w", null, Instant.now());
        StageRegistry.Entry capped = new StageRegistry.Entry(new Named("lint"), Duration.ofSeconds(60), RETRY);
        StageRegistry.Entry roomy = new StageRegistry.Entry(new Named("lint"), Duration.ofHours(2), RETRY);

        assertThat(capped.timeout(spec)).isEqualTo(Duration.ofSeconds(60));
        assertThat(roomy.timeout(spec)).isEqualTo(Duration.ofSeconds(spec.app().pipeline().stageTimeoutSeconds()));
    }

    @Test
    void givenAFailedStageWithGates_whenItsReportIsRead_thenTheGatesAndTailComeWithTheFailure() {
        GateResult gate = new GateResult("lint", false, 1.0, 0.0, "exit 0", "exit 1");
        Outcome<StageReport> failed = StageReport.failed("lint failed", List.of(gate), null, "tail");
        Outcome<StageReport> retryable = StageReport.retryable("registry away", "partial");

        assertThat(failed).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                f -> assertThat(f.reason()).isEqualTo("lint failed"));
        assertThat(StageReport.of(failed).gates()).containsExactly(gate);
        assertThat(StageReport.of(failed).outputTail()).isEqualTo("tail");
        assertThat(StageReport.of(retryable).outputTail()).isEqualTo("partial");
        assertThat(StageReport.of(Outcome.permanent("no report"))).isEqualTo(StageReport.EMPTY);
        assertThat(StageReport.of(StageReport.skipped("nothing to do")).skippedReason()).isEqualTo("nothing to do");
    }
}
