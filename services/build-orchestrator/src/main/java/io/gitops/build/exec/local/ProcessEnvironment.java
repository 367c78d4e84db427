package io.gitops.build.exec.local;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a local process starts with: never the orchestrator's own (which holds the Git token, the registry
 * password, the SonarQube token, AWS credentials), only the variables an allowlist names, taken from it.
 *
 * <ul>
 *   <li>{@link #stage}: stage commands get {@code PATH}, {@code HOME} (build tools keep their caches there, e.g.
 *       {@code ~/.m2}: it must hold no credentials), {@code LANG}, {@code LC_ALL}, {@code TZ}, {@code JAVA_HOME} and
 *       the names configured in {@code gitops.build.stage.pass-env}; {@code TMPDIR} is set by the executor to a
 *       directory of the pipeline, the stage's own variables are added by the caller.</li>
 *   <li>{@link #tools}: the platform's image tools (buildah, docker) additionally get what they need to find their
 *       configuration and runtime directories: {@code HOME}, {@code TMPDIR}, {@code XDG_RUNTIME_DIR},
 *       {@code XDG_CONFIG_HOME}, {@code XDG_DATA_HOME}, {@code CONTAINERS_*}, {@code BUILDAH_*},
 *       {@code STORAGE_DRIVER}, {@code STORAGE_OPTS}, {@code DOCKER_HOST}, {@code DOCKER_CONTEXT},
 *       {@code DOCKER_CERT_PATH}, {@code DOCKER_TLS_VERIFY}, the proxy variables and {@code SSL_CERT_FILE}/
 *       {@code SSL_CERT_DIR}. Credentials reach them only as files the builder writes (the auth file).</li>
 * </ul>
 */
public final class ProcessEnvironment {

    /** What every local process may inherit. */
    public static final List<String> BASE = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "JAVA_HOME");

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Set<String> TOOL_NAMES = Set.of("HOME", "TMPDIR", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME",
            "XDG_DATA_HOME", "STORAGE_DRIVER", "STORAGE_OPTS", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CERT_PATH",
            "DOCKER_TLS_VERIFY", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "SSL_CERT_FILE", "SSL_CERT_DIR", "USER", "LOGNAME");
    private static final List<String> TOOL_PREFIXES = List.of("CONTAINERS_", "BUILDAH_", "LC_");

    private ProcessEnvironment() {
    }

    /** The inherited part of a stage command's environment: {@link #BASE} and {@code passEnv}, when set. */
    public static Map<String, String> stage(Map<String, String> host, Collection<String> passEnv) {
        Map<String, String> env = new TreeMap<>();
        BASE.forEach(name -> copy(host, name, env));
        passEnv.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(name -> copy(host, name, env));
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }

    /** The inherited environment of the image tools: {@link #BASE} and what buildah and docker need. */
    public static Map<String, String> tools(Map<String, String> host) {
        Map<String, String> env = new TreeMap<>();
        BASE.forEach(name -> copy(host, name, env));
        TOOL_NAMES.forEach(name -> copy(host, name, env));
        host.forEach((name, value) -> {
            if (TOOL_PREFIXES.stream().anyMatch(name::startsWith)) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }

    private static void copy(Map<String, String> host, String name, Map<String, String> env) {
        String value = host.get(name);
        if (value != null) {
            env.put(name, value);
        }
    }
}
