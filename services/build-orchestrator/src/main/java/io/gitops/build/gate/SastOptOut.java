package io.gitops.build.gate;

import io.gitops.events.data.GateResult;

/** {@code sast: none}: an explicit, visible opt-out — reported as a passed sast gate saying so, never silently. */
public final class SastOptOut {

    public static final String DETAIL = "opted out: sast: none";

    private SastOptOut() {
    }

    public static GateResult result() {
        return Gates.passed(Gates.SAST, DETAIL);
    }
}
