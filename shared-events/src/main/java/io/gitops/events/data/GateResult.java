package io.gitops.events.data;

/**
 * One quality gate's verdict with its figure, e.g. {@code coverage} 83.4 against threshold 80 ({@code percent}).
 * {@code figure} and {@code threshold} are null for gates without a number (e.g. a Dockerfile policy).
 */
public record GateResult(
        String gate,
        boolean passed,
        Double figure,
        Double threshold,
        String unit,
        String detail) {
}
