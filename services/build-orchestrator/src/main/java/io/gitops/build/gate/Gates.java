package io.gitops.build.gate;

import java.util.List;

import io.gitops.events.data.GateResult;

/** Gate names, as they appear in {@code GateResult.gate} and in the gate-failure metric. */
public final class Gates {

    public static final String LINT = "lint";
    public static final String TESTS = "tests";
    public static final String COVERAGE = "coverage";
    public static final String SAST = "sast";
    public static final String DOCKERFILE_POLICY = "dockerfile-policy";
    public static final String IMAGE_TAG = "image-tag";
    public static final String IMAGE_SCAN = "image-scan";

    public static final List<String> ALL = List.of(LINT, TESTS, COVERAGE, SAST, DOCKERFILE_POLICY, IMAGE_TAG,
            IMAGE_SCAN);

    private Gates() {
    }

    public static GateResult passed(String gate, String detail) {
        return new GateResult(gate, true, null, null, null, detail);
    }

    public static GateResult failed(String gate, String detail) {
        return new GateResult(gate, false, null, null, null, detail);
    }
}
