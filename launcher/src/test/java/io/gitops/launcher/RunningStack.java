package io.gitops.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One embedded stack per test JVM, shared by the end-to-end ITs (starting it takes most of their time): started on
 * free ports the first time an IT asks for it, stopped when the JVM exits.
 */
public final class RunningStack {

    private static RunningStack instance;

    final StackLayout layout;
    final Ports ports;
    final Stack stack;
    final StackInfo info;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private RunningStack() throws IOException {
        Path repoRoot = StackLayout.discover(Path.of("")).repoRoot();
        layout = new StackLayout(repoRoot, Files.createTempDirectory("gitops-stack-"));
        ports = freePorts();
        stack = new Stack(layout, ports, out(), Duration.ofSeconds(180));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "stack-down"));
        info = stack.up();
    }

    static synchronized RunningStack get() {
        if (instance == null) {
            try {
                instance = new RunningStack();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A stream that keeps what the launcher and the demo print, for assertions and for the failure report. */
    PrintStream out() {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }

    String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    Map<String, String> env() {
        try {
            return StackEnvFile.read(layout.stackEnv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Ports freePorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String part : Ports.DEFAULTS.keySet()) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(part, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return new Ports(ports);
    }
}
