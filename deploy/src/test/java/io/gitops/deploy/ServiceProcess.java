package io.gitops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** A platform service started from its Quarkus fast-jar as a separate JVM, on a free port. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The runnable jar of a service ({@code services/<name>/target/quarkus-app/quarkus-run.jar}). */
    static Path runnableJar(PlatformService service) {
        return Repo.path(service.moduleDirectory() + "/target/quarkus-app/quarkus-run.jar");
    }

    /** Starts the service with {@code environment} (plus QUARKUS_HTTP_PORT) and waits until /q/health/ready is 200. */
    static ServiceProcess start(PlatformService service, Map<String, String> environment, Path logDirectory,
                                Duration readyWithin) {
        Path jar = runnableJar(service);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service.moduleDirectory()
                    + " first (./mvnw -pl " + service.moduleDirectory() + " -am package -DskipTests)");
        }
        int port = freePort();
        Path log = logDirectory.resolve(service.serviceName() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(logDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process process;
        try {
            Files.createDirectories(logDirectory);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess running = new ServiceProcess(service.serviceName(), process, port, log);
        try {
            Awaitility.await(service.serviceName() + " ready").atMost(readyWithin).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(service.serviceName() + " exited: " + running.logTail());
                        }
                        return running.status("/q/health/ready") == 200;
                    });
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    /** host:port, as a Prometheus target. */
    String target() {
        return "127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
