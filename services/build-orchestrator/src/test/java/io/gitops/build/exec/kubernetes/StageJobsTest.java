package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitops.build.exec.CommandSpec;
import org.junit.jupiter.api.Test;

class StageJobsTest {

    static final CommandSpec SPEC = new CommandSpec("test", "mvn -B verify", Path.of("/tmp/ws"), Duration.ofMinutes(5),
            List.of(), Map.of(), new CommandSpec.Origin("pl-shop-9f2c1e4b7a6d", "shop", "acme/shop",
            "https://git.example/acme/shop.git", "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070", "maven:3.9"));

    private static Container checkout(JobSettings settings) {
        return StageJobs.job(SPEC, "pl-shop-test-1", settings).getSpec().getTemplate().getSpec().getInitContainers().get(0);
    }

    @Test
    void givenACredentialsSecret_whenTheJobIsBuilt_thenTheCloneReadsUsernameAndPasswordFromTheSecretByReference() {
        JobSettings settings = new JobSettings("builds", "alpine/git:2.47.2", Optional.of("git-credentials"));

        Container checkout = checkout(settings);

        assertThat(checkout.getEnv()).filteredOn(e -> e.getName().startsWith("GIT_USERNAME") || e.getName().startsWith("GIT_PASSWORD"))
                .extracting(EnvVar::getName, EnvVar::getValue, e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GIT_USERNAME", null, "git-credentials", "username"),
                        org.assertj.core.groups.Tuple.tuple("GIT_PASSWORD", null, "git-credentials", "password"));
        assertThat(checkout.getCommand().get(2)).contains("credential.helper").contains("GIT_TERMINAL_PROMPT=0")
                .doesNotContain("@git.example");
    }

    @Test
    void givenNoCredentialsSecret_whenTheJobIsBuilt_thenTheCloneIsAnonymousAndNeverPrompts() {
        JobSettings settings = new JobSettings("builds", "alpine/git:2.47.2", Optional.of(" "));

        Container checkout = checkout(settings);

        assertThat(checkout.getEnv()).extracting(EnvVar::getName).containsExactly("GIT_URL", "GIT_COMMIT");
        assertThat(checkout.getCommand().get(2)).doesNotContain("credential.helper").contains("GIT_TERMINAL_PROMPT=0");
        assertThat(Serialization.asYaml(StageJobs.job(SPEC, "pl-shop-test-1", settings))).contains("namespace: \"builds\"");
    }
}
