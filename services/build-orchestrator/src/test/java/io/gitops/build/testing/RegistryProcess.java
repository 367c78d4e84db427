package io.gitops.build.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real OCI distribution registry: Debian's {@code docker-registry} on 127.0.0.1 with a random port and filesystem
 * storage in a temporary directory. Tests check {@link #installed()} with an assumption first.
 */
public final class RegistryProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;

    private RegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static RegistryProcess start(Path directory) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(directory.resolve("storage"));
        Path config = directory.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(directory.resolve("storage"), port));
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("registry.log").toFile()).start();
        RegistryProcess registry = new RegistryProcess(process, port);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(registry::answers);
        return registry;
    }

    private boolean answers() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL()
                .openConnection();
        connection.setConnectTimeout(500);
        return connection.getResponseCode() == 200;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The tags of a repository, as the registry lists them. */
    public String tags(String repository) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host() + "/v2/" + repository
                + "/tags/list").toURL().openConnection();
        if (connection.getResponseCode() != 200) {
            return "";
        }
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
