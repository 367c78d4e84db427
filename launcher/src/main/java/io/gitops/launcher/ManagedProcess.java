package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process of the stack: started with its output in {@code .gitops/logs/<part>.log} and its pid in
 * {@code .gitops/pids/<part>.pid}, so that {@code ./gitops down} and {@code status} find it from another launcher.
 */
public final class ManagedProcess {

    private final String part;
    private final StackLayout layout;
    private final ProcessHandle handle;

    private ManagedProcess(String part, StackLayout layout, ProcessHandle handle) {
        this.part = part;
        this.layout = layout;
        this.handle = handle;
    }

    public static ManagedProcess start(String part, StackLayout layout, List<String> command, Map<String, String> env,
                                       Path workingDir) throws IOException {
        Files.createDirectories(layout.logs());
        Files.createDirectories(layout.pids());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(layout.log(part).toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Files.writeString(layout.pidFile(part), Long.toString(process.pid()), StandardCharsets.UTF_8);
        return new ManagedProcess(part, layout, process.toHandle());
    }

    /** The process recorded for {@code part}, if it is still running. */
    public static Optional<ManagedProcess> find(String part, StackLayout layout) {
        Path pidFile = layout.pidFile(part);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> new ManagedProcess(part, layout, h));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String part() {
        return part;
    }

    public long pid() {
        return handle.pid();
    }

    public boolean alive() {
        return handle.isAlive();
    }

    public Path log() {
        return layout.log(part);
    }

    /** Waits until the log has a line matching {@code pattern}; returns its first group (or the whole match). */
    public String awaitLogLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> match = findInLog(pattern);
            if (match.isPresent()) {
                return match.get();
            }
            if (!alive()) {
                throw new StackException(part + " exited before it was ready; see its log: " + log());
            }
            pause();
        }
        throw new StackException(part + " did not become ready within " + timeout.toSeconds() + " s; see its log: "
                + log());
    }

    private Optional<String> findInLog(Pattern pattern) {
        try {
            String text = Files.readString(log(), StandardCharsets.UTF_8);
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // not written yet
        }
        return Optional.empty();
    }

    /** Waits until {@code ready} holds, failing early if the process died. */
    public void await(BooleanSupplier ready, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive()) {
                throw new StackException(part + " exited before " + what + "; see its log: " + log());
            }
            pause();
        }
        throw new StackException(part + ": " + what + " did not happen within " + timeout.toSeconds()
                + " s; see its log: " + log());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    /** SIGTERM to the process and its descendants, then SIGKILL after {@code grace}; removes the pid file. */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(handle.descendants().toList());
        tree.add(0, handle);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : tree) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                try {
                    process.onExit().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // keep waiting until the deadline
                }
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(layout.pidFile(part));
        } catch (IOException e) {
            // the pid file is only a hint
        }
    }
}
