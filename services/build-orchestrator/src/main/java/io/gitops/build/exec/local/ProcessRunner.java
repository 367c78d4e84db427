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

/**
 * Runs a process with a timeout, its output (stdout and stderr merged) kept as a bounded tail. On timeout, interrupt
 * or {@link #killAll()} the whole process tree is killed.
 */
public final class ProcessRunner {

    private final int tailBytes;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    public ProcessRunner(int tailBytes) {
        this.tailBytes = tailBytes;
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

    public Result run(List<String> command, Path directory, Map<String, String> env, Duration timeout) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new FailedToStart("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        running.add(process);
        OutputTail tail = new OutputTail(tailBytes);
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
            join(reader);
            return new Exited(process.exitValue(), tail.text(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new Interrupted(tail.text());
        } catch (IOException e) {
            kill(process);
            return new FailedToStart("cannot talk to " + command.get(0) + ": " + e.getMessage());
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
        // A daemonised grandchild may hold the pipe open; never wait on it for long.
        reader.join(2000);
    }

    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process still running (shutdown). */
    public void killAll() {
        running.forEach(ProcessRunner::kill);
    }
}
