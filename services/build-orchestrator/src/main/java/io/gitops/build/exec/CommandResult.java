package io.gitops.build.exec;

import java.nio.file.Path;
import java.time.Duration;

/** How a stage command ended. */
public sealed interface CommandResult permits CommandResult.Exited, CommandResult.TimedOut, CommandResult.NotRun {

    /** The command ran to its end; {@code reportRoot} is where the collected files are (the workspace locally). */
    record Exited(int exitCode, String outputTail, Path reportRoot, Duration duration) implements CommandResult {
    }

    /** The command was killed after the stage timeout. */
    record TimedOut(Duration timeout, String outputTail) implements CommandResult {
    }

    /**
     * The command could not be run or followed; {@code retryable} when trying again may work (an API down), false when
     * it never will (bad spec).
     */
    record NotRun(String reason, boolean retryable) implements CommandResult {
    }
}
