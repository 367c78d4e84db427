package io.gitops.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gitops.kit.kafka.KafkaClientSettings;

/**
 * What the embedded stack tells each part: endpoints, credentials and tight local timings. Every key here is the
 * same configuration key the service reads in production (as an environment variable); only the values differ.
 *
 * @param webhookSecret the GitHub webhook secret shared by the Git server's push forwarding and ingest
 * @param gitUsername   HTTP user of the local Git server (the config-bumper's and the orchestrator's identity)
 * @param gitPassword   its password
 * @param registry      where pushed images go: the local registry server or an OCI image layout on disk
 */
public record StackSettings(String webhookSecret, String gitUsername, String gitPassword, LocalRegistry registry) {

    public static final String CONFIG_REPO = "acme/gitops-config";
    public static final String SAMPLE_REPO = "acme/sample-app";
    public static final String[] SERVICES = {"ingest", "build-orchestrator", "config-bumper", "sync-engine",
        "health-verifier"};

    /** Environment of one service process. */
    public Map<String, String> serviceEnv(String service, StackLayout layout, Ports ports) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrap(ports));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.of(service)));
        env.put("QUARKUS_LOG_CONSOLE_COLOR", "false");
        String configRepoUrl = gitUrl(ports, CONFIG_REPO);
        String work = layout.data().resolve(service).toString();
        switch (service) {
            case "ingest" -> env.put("GITOPS_INGEST_SECRETS", webhookSecret);
            case "build-orchestrator" -> {
                env.put("GITOPS_BUILD_CONFIG_REPO_URL", configRepoUrl);
                env.put("GITOPS_BUILD_CONFIG_REPO_NAME", CONFIG_REPO);
                env.put("GITOPS_BUILD_CONFIG_REPO_USERNAME", gitUsername);
                env.put("GITOPS_BUILD_CONFIG_REPO_PASSWORD", gitPassword);
                env.put("GITOPS_BUILD_GIT_USERNAME", gitUsername);
                env.put("GITOPS_BUILD_GIT_PASSWORD", gitPassword);
                env.put("GITOPS_BUILD_GIT_URL_TEMPLATE", "http://127.0.0.1:" + ports.of("git") + "/git/{repo}.git");
                env.put("GITOPS_BUILD_WORK_DIR", work);
                // The Git server does not retry webhooks (as GitHub): a push whose delivery ingest missed is found
                // by the reconciler's ls-remote within 10 s (production: 60 s).
                env.put("GITOPS_BUILD_RECONCILE_INTERVAL", "10s");
                env.putAll(registry.orchestratorEnv());
            }
            case "config-bumper" -> {
                env.put("GITOPS_BUMPER_REPO_URL", configRepoUrl);
                env.put("GITOPS_BUMPER_REPO_NAME", CONFIG_REPO);
                env.put("GITOPS_BUMPER_REPO_USERNAME", gitUsername);
                env.put("GITOPS_BUMPER_REPO_PASSWORD", gitPassword);
                env.put("GITOPS_BUMPER_WORK_DIR", work);
                env.putAll(registry.bumperEnv());
                // One developer's pushes: a shorter batching window than production's 200 ms (lead time).
                env.put("GITOPS_BUMPER_COALESCE_WINDOW", "50ms");
            }
            case "sync-engine" -> {
                env.put("GITOPS_SYNC_REPO_URL", configRepoUrl);
                env.put("GITOPS_SYNC_REPO_NAME", CONFIG_REPO);
                env.put("GITOPS_SYNC_REPO_USERNAME", gitUsername);
                env.put("GITOPS_SYNC_REPO_PASSWORD", gitPassword);
                env.put("GITOPS_SYNC_WORK_DIR", work);
                env.put("KUBECONFIG", layout.kubeconfig().toString());
            }
            case "health-verifier" -> {
                env.put("KUBECONFIG", layout.kubeconfig().toString());
                // sync.succeeded carries each app's health settings from app.yaml; these defaults judge what
                // carries none (a restored revision): the sample app's own (timeoutSeconds 120, minStableSeconds 2).
                env.put("GITOPS_HEALTH_DEFAULT_TIMEOUT", "120s");
                env.put("GITOPS_HEALTH_DEFAULT_MIN_STABLE", "2s");
                // Tight local failure detection, so that each failure mode is judged within seconds: an image pull
                // failing for 3 s, or a running container unready in 3 consecutive observations 1 s apart.
                env.put("GITOPS_HEALTH_IMAGE_PULL_GRACE", "3s");
                env.put("GITOPS_HEALTH_READINESS_FAILURES", "3");
                env.put("GITOPS_HEALTH_OBSERVATION_INTERVAL", "1s");
            }
            default -> throw new IllegalArgumentException("unknown service " + service);
        }
        return env;
    }

    /**
     * The same, with the connection properties of the launcher's own Kafka clients as {@code KAFKA_*} variables
     * ({@link LauncherKafkaSettings}), so every service reaches the broker the way the launcher does.
     */
    public Map<String, String> serviceEnv(String service, StackLayout layout, Ports ports, KafkaClientSettings kafka) {
        Map<String, String> env = serviceEnv(service, layout, ports);
        LauncherKafkaSettings.environment(kafka).forEach(env::putIfAbsent);
        return env;
    }

    /**
     * The same, each service with its own kubeconfig ({@code KUBECONFIG}, holding only its ServiceAccount's token)
     * when {@code ownKubeconfig} is given; null keeps {@link #serviceEnv(String, StackLayout, Ports)}'s (the admin
     * kubeconfig for the sync engine and the health verifier, none for the others).
     */
    public Map<String, String> serviceEnv(String service, StackLayout layout, Ports ports, KafkaClientSettings kafka,
                                          java.nio.file.Path ownKubeconfig) {
        Map<String, String> env = serviceEnv(service, layout, ports, kafka);
        if (ownKubeconfig != null) {
            env.put("KUBECONFIG", ownKubeconfig.toString());
        }
        return env;
    }

    public static String gitUrl(Ports ports, String repo) {
        return "http://127.0.0.1:" + ports.of("git") + "/git/" + repo + ".git";
    }
}
