package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./gitops up} says when it cannot start: a busy port, nothing built, no JDK or an old one. */
class FailureExplanationsTest {

    static final Path SCRIPT = StackLayout.discover(Path.of("")).repoRoot().resolve("gitops");

    @TempDir
    Path dir;

    private static Ports freePortsExcept(String part, int port) throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>(RunningStack.freePorts().byPart());
        ports.put(part, port);
        return new Ports(ports);
    }

    @Test
    void givenAPortInUse_whenUp_thenItFailsNamingThePartAndPortAndHowToMoveIt() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Stack stack = new Stack(StackLayout.at(dir), freePortsExcept("sync-engine", busy.getLocalPort()),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Duration.ofSeconds(5),
                    null);

            assertThatThrownBy(stack::up).isInstanceOf(StackException.class)
                    .hasMessage("ports already in use: sync-engine (port " + busy.getLocalPort() + "). Stop what uses "
                            + "them (or another stack: ./gitops down), or move a port with GITOPS_PORT_<PART>.");
        }
    }

    @Test
    void givenNothingBuilt_whenUp_thenItNamesWhatIsMissingAndHowToBuildIt() throws IOException {
        Stack stack = new Stack(StackLayout.at(dir), RunningStack.freePorts(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Duration.ofSeconds(5),
                null);

        assertThatThrownBy(stack::up).isInstanceOf(StackException.class)
                .hasMessageStartingWith("not built: ")
                .hasMessageContaining(dir.toAbsolutePath().resolve("services/ingest/target/quarkus-app/quarkus-run.jar")
                        .toString())
                .hasMessageEndingWith("Run ./gitops (it builds what is missing) or ./mvnw -B install -DskipTests");
        assertThat(dir.resolve(".gitops/data")).doesNotExist();
    }

    /** Runs the real script with {@code PATH} set to {@code path} only; exit code and stderr. */
    private static List<String> script(Path path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "status");
        builder.environment().put("PATH", path.toString());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return List.of(String.valueOf(process.exitValue()), err.strip());
    }

    /** A directory with the tools the script needs before it finds java, and a fake {@code java} if given. */
    private Path tools(String javaVersionLine) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("dirname", "awk", "cut")) {
            for (String where : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(where + tool)) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(where + tool));
                }
            }
        }
        if (javaVersionLine != null) {
            Path java = bin.resolve("java");
            Files.writeString(java, "#!/bin/sh\necho '" + javaVersionLine + "' >&2\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void givenNoJavaOnThePath_whenTheScriptRuns_thenItSaysWhichJdkToInstall() throws Exception {
        Path bin = tools(null);

        List<String> result = script(bin);

        assertThat(result).containsExactly("1", "gitops: no 'java' on the PATH. Install a JDK 17 or newer (e.g. "
                + "'apt-get install openjdk-17-jdk-headless').");
    }

    @Test
    void givenJava11OnThePath_whenTheScriptRuns_thenItSaysJava17OrNewerIsNeeded() throws Exception {
        Path bin = tools("openjdk version \"11.0.22\" 2024-01-16");

        List<String> result = script(bin);

        assertThat(result).containsExactly("1", "gitops: Java 11 found (" + bin.resolve("java")
                + "); the platform needs Java 17 or newer.");
    }

    @Test
    void givenJava8WithItsOldVersionScheme_whenTheScriptRuns_thenItIsReadAsJava8() throws Exception {
        Path bin = tools("java version \"1.8.0_392\"");

        List<String> result = script(bin);

        assertThat(result).containsExactly("1", "gitops: Java 8 found (" + bin.resolve("java")
                + "); the platform needs Java 17 or newer.");
    }
}
