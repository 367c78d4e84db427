package io.gitops.build.exec.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.gitops.build.exec.SecretMask;

/**
 * Runs a process with a timeout, its output (stdout and stderr merged) kept as a bounded, masked tail
 * ({@link OutputTail}). The process starts with only {@code baseEnvironment} plus the variables of the call, never
 * the orchestrator's environment ({@link ProcessEnvironment}), in its own process group ({@link ProcessGroup}); when
 * it ends, times out, is interrupted or {@link #killAll()} runs, the whole group is killed (SIGTERM, then SIGKILL),
 * so nothing it started in the background survives it.
 */
public final class ProcessRunner {

    private final int tailBytes;
    private final SecretMask mask;
    private final Map<String, String> baseEnvironment;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /** A runner for the image tools, no masking (tests): the tool allowlist of this process's environment. */
    public ProcessRunner(int tailBytes) {
        this(tailBytes, SecretMask.none(), ProcessEnvironment.tools(System.getenv()));
    }

    /**
     * @param baseEnvironment what every process of this runner starts with (see {@link ProcessEnvironment})
     */
    public ProcessRunner(int tailBytes, SecretMask mask, Map<String, String> baseEnvironment) {
        this.tailBytes = tailBytes;
        this.mask = mask;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
    }

    /** How a process ended. */
    public sealed interface Result permits Exited, TimedOut, Interrupted, FailedToStart {
    }

    public record Exited(int exitCode, String outputTail, Duration duration) implements Result {
    }

    public record TimedOut(String outputTail) implements Result {
    }

    public record Interrupted(String outputTail) implements Result {
    }

    public record FailedToStart(String reason) implements Result {
    }

    /** The environment a process of this runner starts with, given the call's variables. */
    public Map<String, String> environment(Map<String, String> env) {
        Map<String, String> all = new java.util.TreeMap<>(baseEnvironment);
        all.putAll(env);
        return all;
    }

    public Result run(List<String> command, Path directory, Map<String, String> env, Duration timeout) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(ProcessGroup.wrap(command)).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(env));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new FailedToStart("cannot start " + command.get(0) + ": " + mask.mask(e.getMessage()));
        }
        running.add(process);
        OutputTail tail = new OutputTail(tailBytes, mask);
        Thread reader = new Thread(() -> drain(process.getInputStream(), tail), "stage-output");
        reader.setDaemon(true);
        reader.start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                join(reader);
                return new TimedOut(tail.text());
            }
            int exitCode = process.exitValue();
            // What the command left running in the background ends with it (and releases the output pipe).
            kill(process);
            join(reader);
            return new Exited(exitCode, tail.text(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new Interrupted(tail.text());
        } catch (IOException e) {
            kill(process);
            return new FailedToStart("cannot talk to " + command.get(0) + ": " + mask.mask(e.getMessage()));
        } finally {
            running.remove(process);
        }
    }

    private static void drain(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                tail.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // the process was killed: the pipe closed under us
        }
    }

    private static void join(Thread reader) throws InterruptedException {
        // A process that left the group (setsid of its own) may hold the pipe open; never wait on it for long.
        reader.join(2000);
    }

    static void kill(Process process) {
        ProcessGroup.kill(process);
    }

    /** Kills every process still running, with its group (shutdown). */
    public void killAll() {
        running.forEach(ProcessRunner::kill);
    }
}
