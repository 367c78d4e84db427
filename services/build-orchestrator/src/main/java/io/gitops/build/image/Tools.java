package io.gitops.build.image;

import java.time.Duration;

import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.kit.Outcome;

/** Turns a builder tool's process result into an outcome with a readable reason (the output tail included). */
final class Tools {

    private Tools() {
    }

    static Outcome<String> outcome(String what, ProcessRunner.Result result, Duration timeout) {
        if (result instanceof ProcessRunner.Exited exited) {
            if (exited.exitCode() == 0) {
                return Outcome.success(exited.outputTail());
            }
            String tail = lastLines(exited.outputTail(), 6);
            boolean network = tail.contains("connection refused") || tail.contains("i/o timeout")
                    || tail.contains("TLS handshake timeout") || tail.contains("503 Service Unavailable");
            String reason = what + " failed (exit " + exited.exitCode() + "): " + tail;
            return network ? Outcome.transientFailure(reason, null) : Outcome.permanent(reason);
        }
        if (result instanceof ProcessRunner.TimedOut) {
            return Outcome.permanent(what + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (result instanceof ProcessRunner.Interrupted) {
            return Outcome.transientFailure(what + " interrupted (service stopping)", null);
        }
        return Outcome.permanent(((ProcessRunner.FailedToStart) result).reason());
    }

    static <T> Outcome<T> retype(Outcome<?> failed) {
        if (failed instanceof Outcome.PermanentFailure<?> p) {
            return Outcome.permanent(p.reason(), p.cause());
        }
        if (failed instanceof Outcome.TransientFailure<?> t) {
            return Outcome.transientFailure(t.reason(), t.cause());
        }
        throw new IllegalArgumentException("not a failure");
    }

    static String lastLines(String text, int lines) {
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join(" | ", java.util.Arrays.copyOfRange(all, from, all.length)).strip();
    }
}
