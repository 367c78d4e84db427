package io.gitops.build.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Topics;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.TempDirs;
import io.gitops.testing.git.GitServers;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;

/**
 * The service's surroundings for a {@code @QuarkusTest}: the in-JVM broker, a Git server with the config repository
 * ({@code gitops/config}, app {@code shop} from {@code acme/shop}) and the app repository, and a real OCI registry
 * when {@code docker-registry} is installed. The Git server comes from test-support; it is closed, and its directory
 * deleted, when the application stops.
 */
public class BuildStackResource extends KafkaTestResource {

    public static LocalGitServer git;
    public static RegistryProcess registry;
    public static String shopCommit;

    private GitServers.Handle gitHandle;
    private Path temp;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        KafkaTestBroker.shared().createTopics(Map.of(Topics.WEBHOOK_RECEIVED, 6, Topics.PIPELINE, 6,
                Topics.ARTIFACT_PUBLISHED, 6));
        temp = TempDirs.create("build-stack");
        gitHandle = GitServers.start(Optional.empty());
        git = gitHandle.server();
        String registryHost = "127.0.0.1:1";
        if (RegistryProcess.installed()) {
            try {
                registry = RegistryProcess.start(temp.resolve("registry"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registryHost = registry.host();
        }
        git.createRepository("gitops", "config", "main", Map.of("apps/shop/app.yaml",
                SampleApp.appYaml("shop", "acme/shop", registryHost + "/acme/shop", "bash ci/test.sh", "")));
        shopCommit = git.createRepository("acme", "shop", "main", SampleApp.files());
        config.put("gitops.build.config-repo.url", git.repoUrl("gitops", "config"));
        config.put("gitops.build.config-repo.name", "gitops/config");
        config.put("gitops.build.git.url-template", git.url() + "/{repo}.git");
        config.put("gitops.build.work-dir", temp.resolve("work").toString());
        config.put("gitops.build.image.builder", Files.isExecutable(Path.of("/usr/bin/buildah")) ? "buildah"
                : "jib");
        return config;
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
        if (gitHandle != null) {
            gitHandle.close();
        }
        if (temp != null) {
            TempDirs.delete(temp);
        }
    }
}
