package io.gitops.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The five services as the deploy artefacts name them: module directory, compose service and Prometheus job
 * ({@link #serviceName()}), Helm values key, configuration prefix ({@code gitops.<prefix>.*}) and metric prefix
 * ({@code gitops_<prefix>_*}), and the port the brief assigns.
 */
enum PlatformService {
    INGEST("ingest", "ingest", "ingest", 8081),
    BUILD_ORCHESTRATOR("build-orchestrator", "buildOrchestrator", "build", 8082),
    CONFIG_BUMPER("config-bumper", "configBumper", "bumper", 8083),
    SYNC_ENGINE("sync-engine", "syncEngine", "sync", 8084),
    HEALTH_VERIFIER("health-verifier", "healthVerifier", "health", 8085);

    private final String serviceName;
    private final String valuesKey;
    private final String prefix;
    private final int port;

    PlatformService(String serviceName, String valuesKey, String prefix, int port) {
        this.serviceName = serviceName;
        this.valuesKey = valuesKey;
        this.prefix = prefix;
        this.port = port;
    }

    String serviceName() {
        return serviceName;
    }

    String valuesKey() {
        return valuesKey;
    }

    /** {@code gitops.<prefix>}: the service's {@code @ConfigMapping} prefix. */
    String configPrefix() {
        return "gitops." + prefix;
    }

    /** {@code gitops_<prefix>_}: how its own metrics start in Prometheus. */
    String metricPrefix() {
        return "gitops_" + prefix + "_";
    }

    /** The port the brief assigns (and the Dockerfile exposes). */
    int assignedPort() {
        return port;
    }

    String moduleDirectory() {
        return "services/" + serviceName;
    }

    Path applicationPropertiesFile() {
        return Repo.path(moduleDirectory() + "/src/main/resources/application.properties");
    }

    /** Whether the service has been written yet (its application.properties exists). */
    boolean isWritten() {
        return Files.isRegularFile(applicationPropertiesFile());
    }

    /** Its application.properties, when written. */
    Optional<Properties> applicationProperties() {
        if (!isWritten()) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(applicationPropertiesFile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(properties);
    }

    /** {@code quarkus.http.port} of its application.properties (prod profile), when written and set. */
    OptionalInt httpPort() {
        return applicationProperties()
                .map(p -> p.getProperty("quarkus.http.port"))
                .map(v -> OptionalInt.of(Integer.parseInt(v.trim())))
                .orElse(OptionalInt.empty());
    }

    static Optional<PlatformService> byServiceName(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name)).findFirst();
    }

    static Optional<PlatformService> byMetricName(String prometheusName) {
        return Arrays.stream(values()).filter(s -> prometheusName.startsWith(s.metricPrefix())).findFirst();
    }
}
