package io.gitops.gitserver;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launches the packaged jar ({@code target/local-git-server-*.jar}, Class-Path lib/...) as a separate process, its
 * stdout and stderr going to files (Process.destroy closes the pipes, so files keep what was printed on SIGTERM).
 */
final class GitServerProcess implements AutoCloseable {

    private static final String READY = "GITSERVER READY url=";

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GitServerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static GitServerProcess launch(Path workDirectory, Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("gitserver.jar", "target/local-git-server-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged jar missing (run through mvn verify): " + jar);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Quick start on a small shared machine: C1 only, serial GC.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(childJvmArgs());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(Arrays.asList(args));
        Path stdout = Files.createTempFile(workDirectory, "gitserver", ".out");
        Path stderr = Files.createTempFile(workDirectory, "gitserver", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GITOPS_"));
        builder.environment().putAll(env);
        return new GitServerProcess(builder.start(), stdout, stderr);
    }

    /** The JaCoCo agent of this test JVM, if Maven handed it over, so the child reports coverage too. */
    private static List<String> childJvmArgs() {
        String args = System.getProperty("gitserver.child.jvm.args", "");
        if (args.isBlank() || args.contains("${")) {
            return List.of();
        }
        return Arrays.stream(args.trim().split("\\s+")).filter(arg -> arg.startsWith("-javaagent:")).toList();
    }

    /** Waits for {@code GITSERVER READY url=...} and returns the URL. */
    String awaitReady() {
        await().atMost(Duration.ofSeconds(30)).until(() -> line(READY).isPresent() || !process.isAlive());
        return line(READY).map(ready -> ready.substring(READY.length()))
                .orElseThrow(() -> new IllegalStateException("no READY line; stdout=" + stdout() + " stderr="
                        + stderrText()));
    }

    Optional<String> line(String prefix) {
        return stdout().stream().filter(line -> line.startsWith(prefix)).findFirst();
    }

    List<String> stdout() {
        return read(stdout).lines().toList();
    }

    String stderrText() {
        return read(stderr);
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate() {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the process to exit and returns the exit code. */
    int awaitExit() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
