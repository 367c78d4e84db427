package io.gitops.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the embedded stack keeps pushed images: Debian's {@code docker-registry} when it is installed, else an OCI
 * image layout on disk that the build-orchestrator writes with buildah ({@code gitops.build.registry.layout.*}, the
 * same keys as in production). {@code GITOPS_REGISTRY=docker-registry|oci-layout} forces one. Either way the image
 * repositories keep their name {@code 127.0.0.1:<registry port>/<path>}, so app.yaml and the config repo are alike.
 */
sealed interface LocalRegistry permits LocalRegistry.Server, LocalRegistry.Layout {

    String SETTING = "GITOPS_REGISTRY";
    Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");

    /** {@code host:port} image repositories are named with. */
    String host();

    /** What {@code up} prints and writes to {@code stack.env}. */
    Map<String, String> variables();

    /** Extra environment of the build-orchestrator. */
    Map<String, String> orchestratorEnv();

    /** Extra environment of the config-bumper, which confirms each artifact's digest where the images are. */
    default Map<String, String> bumperEnv() {
        return Map.of();
    }

    /** A {@code docker-registry} process on the registry port. */
    record Server(String host) implements LocalRegistry {
        @Override
        public Map<String, String> variables() {
            return Map.of("GITOPS_REGISTRY", host);
        }

        @Override
        public Map<String, String> orchestratorEnv() {
            return Map.of();
        }
    }

    /** OCI image layouts under {@code directory}, one per repository path; {@code why} is printed by {@code up}. */
    record Layout(String host, Path directory, String why) implements LocalRegistry {
        @Override
        public Map<String, String> variables() {
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("GITOPS_REGISTRY", "oci-layout (" + why + ")");
            vars.put("GITOPS_REGISTRY_LAYOUT", directory.toString());
            return vars;
        }

        @Override
        public Map<String, String> orchestratorEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GITOPS_BUILD_REGISTRY_LAYOUT_DIRECTORY", directory.toString());
            env.put("GITOPS_BUILD_REGISTRY_LAYOUT_HOSTS", host);
            env.put("GITOPS_BUILD_IMAGE_BUILDER", "buildah");
            return env;
        }

        @Override
        public Map<String, String> bumperEnv() {
            return Map.of("GITOPS_BUMPER_REGISTRY_LAYOUT_DIRECTORY", directory.toString(),
                    "GITOPS_BUMPER_REGISTRY_LAYOUT_HOSTS", host);
        }
    }

    /**
     * Chooses from the setting (null, blank or {@code auto}: the server when installed, else a layout) and whether
     * {@code docker-registry} is installed.
     */
    static LocalRegistry choose(String setting, boolean serverInstalled, Ports ports, StackLayout layout) {
        String host = "127.0.0.1:" + ports.of("registry");
        Path directory = layout.data().resolve("images");
        String value = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> serverInstalled ? new Server(host)
                    : new Layout(host, directory, DOCKER_REGISTRY + " is not installed");
            case "oci-layout" -> new Layout(host, directory, SETTING + "=oci-layout");
            case "docker-registry" -> {
                if (!serverInstalled) {
                    throw new StackException(SETTING + "=docker-registry, but " + DOCKER_REGISTRY + " is not "
                            + "installed: 'apt-get install docker-registry', or unset " + SETTING
                            + " to use an OCI image layout on disk");
                }
                yield new Server(host);
            }
            default -> throw new StackException(SETTING + " must be auto, docker-registry or oci-layout, not '"
                    + setting + "'");
        };
    }
}
