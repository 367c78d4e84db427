package io.gitops.build.gate;

import io.gitops.events.data.GateResult;

/** A command stage (lint) passes when its command exits 0. */
public final class ExitStatusGate {

    private ExitStatusGate() {
    }

    public static GateResult evaluate(String gate, String command, int exitCode) {
        boolean passed = exitCode == 0;
        return new GateResult(gate, passed, (double) exitCode, 0.0, "exit status",
                passed ? "'" + abbreviate(command) + "' exited 0"
                        : "'" + abbreviate(command) + "' exited " + exitCode);
    }

    static String abbreviate(String command) {
        String oneLine = command.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
