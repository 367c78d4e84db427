package io.gitops.build.exec.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The process group of a started command. Commands start under {@code setsid} (util-linux), so the command is the
 * leader of a new session and process group whose id is its pid; everything it starts stays in that group unless it
 * calls {@code setsid} itself, even once re-parented to init (which {@link ProcessHandle#descendants()} misses).
 * {@link #kill} sends SIGTERM to every member, waits up to a grace period, then SIGKILL to what is left. Members are
 * found in {@code /proc} (zombies are ignored: they are already dead). Without {@code setsid} or {@code /proc}
 * (not Linux) only the command and its living descendants are killed, and a warning says so once.
 */
final class ProcessGroup {

    private static final Logger LOG = Logger.getLogger(ProcessGroup.class);
    private static final Path PROC = Path.of("/proc");
    private static final Optional<Path> SETSID = find("setsid");
    private static final Duration POLL = Duration.ofMillis(20);
    /** How long members get to end after SIGTERM before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private ProcessGroup() {
    }

    /** Whether commands get their own process group here. */
    static boolean supported() {
        return SETSID.isPresent() && Files.isDirectory(PROC.resolve("self"));
    }

    /** {@code command} prefixed so that it starts in a new session and process group. */
    static List<String> wrap(List<String> command) {
        if (!supported()) {
            LOG.warn("setsid or /proc is not available: stage processes do not get their own process group, so "
                    + "processes they leave behind after re-parenting cannot be found and killed");
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Ends the command started with {@link #wrap}, and every process of its group: SIGTERM, up to {@link #GRACE},
     * then SIGKILL. Returns once nothing of the group is alive (or after the SIGKILL round).
     */
    static void kill(Process process) {
        long group = process.pid();
        if (!process.isAlive() && members(group).isEmpty()) {
            return;
        }
        signal(process, group, ProcessHandle::destroy);
        if (!awaitGone(process, group, GRACE)) {
            signal(process, group, ProcessHandle::destroyForcibly);
            awaitGone(process, group, GRACE);
        }
    }

    /** The living (not zombie) processes whose process group is {@code group}. */
    static List<Long> members(long group) {
        List<Long> members = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return members;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
                int close = stat.lastIndexOf(')');
                if (close < 0) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                if (fields.length > 2 && !fields[0].equals("Z") && !fields[0].equals("X")
                        && fields[2].equals(Long.toString(group))) {
                    members.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            LOG.debugf("cannot list /proc: %s", e.getMessage());
        }
        return members;
    }

    /** Whether {@code pid} is a running process (not ended, not a zombie waiting to be reaped). */
    static boolean living(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String state = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void signal(Process process, long group, Consumer<ProcessHandle> how) {
        long self = ProcessHandle.current().pid();
        process.descendants().forEach(how);
        how.accept(process.toHandle());
        for (long pid : members(group)) {
            if (pid != self) {
                ProcessHandle.of(pid).ifPresent(how);
            }
        }
    }

    private static boolean awaitGone(Process process, long group, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            boolean gone = !process.isAlive() && members(group).isEmpty()
                    && process.descendants().noneMatch(ProcessHandle::isAlive);
            if (gone) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }
}
