package io.gitops.build.settings;

import java.time.Duration;

import io.gitops.build.BuildConfig;

/**
 * The orchestrator's bounds: pipelines at the same time, the cap on any stage's timeout, the size of report files
 * read and of the output tail kept.
 */
public record Limits(int maxParallel, Duration maxStageTimeout, long maxReportBytes, int outputTailBytes) {

    public static Limits from(BuildConfig config) {
        return new Limits(config.maxParallel(), config.stage().maxTimeout(), config.stage().maxReportBytes(),
                config.stage().outputTailBytes());
    }
}
