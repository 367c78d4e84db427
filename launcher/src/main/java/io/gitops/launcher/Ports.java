package io.gitops.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback ports of the embedded stack. Defaults are fixed so URLs stay the same between runs; each can be moved
 * with an environment variable {@code GITOPS_PORT_<PART>} (e.g. {@code GITOPS_PORT_KAFKA=29092}).
 */
public record Ports(Map<String, Integer> byPart) {

    public static final Map<String, Integer> DEFAULTS = defaults();

    private static Map<String, Integer> defaults() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", 19092);
        ports.put("kafka-controller", 19093);
        ports.put("git", 18080);
        ports.put("sandbox", 18443);
        ports.put("registry", 15000);
        ports.put("ingest", 8081);
        ports.put("build-orchestrator", 8082);
        ports.put("config-bumper", 8083);
        ports.put("sync-engine", 8084);
        ports.put("health-verifier", 8085);
        return java.util.Collections.unmodifiableMap(ports);
    }

    public static Ports fromEnvironment(Map<String, String> env) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        DEFAULTS.forEach((part, port) -> {
            String key = "GITOPS_PORT_" + part.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            String value = env.get(key);
            if (value == null || value.isBlank()) {
                ports.put(part, port);
            } else {
                try {
                    ports.put(part, Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a port number, not '" + value + "'");
                }
            }
        });
        return new Ports(ports);
    }

    public int of(String part) {
        Integer port = byPart.get(part);
        if (port == null) {
            throw new IllegalArgumentException("no port for " + part);
        }
        return port;
    }

    /** The parts whose port is already taken on 127.0.0.1, with the port. */
    public List<String> busy() {
        List<String> busy = new ArrayList<>();
        byPart.forEach((part, port) -> {
            if (!free(port)) {
                busy.add(part + " (port " + port + ")");
            }
        });
        return busy;
    }

    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
