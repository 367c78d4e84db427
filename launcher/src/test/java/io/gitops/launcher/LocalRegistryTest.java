package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryTest {

    @TempDir
    Path dir;

    Ports ports = Ports.fromEnvironment(Map.of("GITOPS_PORT_REGISTRY", "25000"));

    @Test
    void givenDockerRegistryInstalledAndNoSetting_whenChosen_thenTheServerRunsOnTheRegistryPort() {
        LocalRegistry registry = LocalRegistry.choose(null, true, ports, StackLayout.at(dir));

        assertThat(registry).isEqualTo(new LocalRegistry.Server("127.0.0.1:25000"));
        assertThat(registry.orchestratorEnv()).isEmpty();
        assertThat(registry.bumperEnv()).isEmpty();
        assertThat(registry.variables()).containsExactly(Map.entry("GITOPS_REGISTRY", "127.0.0.1:25000"));
    }

    @Test
    void givenNoDockerRegistry_whenChosen_thenImagesGoToAnOciLayoutAndTheReasonIsSaid() {
        StackLayout layout = StackLayout.at(dir);

        LocalRegistry registry = LocalRegistry.choose("auto", false, ports, layout);

        Path images = layout.data().resolve("images");
        assertThat(registry).isEqualTo(new LocalRegistry.Layout("127.0.0.1:25000", images,
                "/usr/bin/docker-registry is not installed"));
        assertThat(registry.variables()).containsEntry("GITOPS_REGISTRY_LAYOUT", images.toString())
                .containsEntry("GITOPS_REGISTRY", "oci-layout (/usr/bin/docker-registry is not installed)");
        assertThat(registry.orchestratorEnv())
                .containsEntry("GITOPS_BUILD_REGISTRY_LAYOUT_DIRECTORY", images.toString())
                .containsEntry("GITOPS_BUILD_REGISTRY_LAYOUT_HOSTS", "127.0.0.1:25000")
                .containsEntry("GITOPS_BUILD_IMAGE_BUILDER", "buildah");
        assertThat(registry.bumperEnv())
                .containsEntry("GITOPS_BUMPER_REGISTRY_LAYOUT_DIRECTORY", images.toString())
                .containsEntry("GITOPS_BUMPER_REGISTRY_LAYOUT_HOSTS", "127.0.0.1:25000");
    }

    @Test
    void givenTheLayoutForced_whenDockerRegistryIsInstalled_thenTheLayoutIsUsedAndTheSettingNamed() {
        LocalRegistry registry = LocalRegistry.choose(" OCI-Layout ", true, ports, StackLayout.at(dir));

        assertThat(registry).isInstanceOfSatisfying(LocalRegistry.Layout.class,
                l -> assertThat(l.why()).isEqualTo("GITOPS_REGISTRY=oci-layout"));
    }

    @Test
    void givenTheServerForcedButNotInstalled_whenChosen_thenItFailsSayingWhatToInstall() {
        assertThatThrownBy(() -> LocalRegistry.choose("docker-registry", false, ports, StackLayout.at(dir)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("GITOPS_REGISTRY=docker-registry, but /usr/bin/docker-registry is not installed")
                .hasMessageContaining("apt-get install docker-registry");
        assertThat(LocalRegistry.choose("docker-registry", true, ports, StackLayout.at(dir)))
                .isInstanceOf(LocalRegistry.Server.class);
    }

    @Test
    void givenAStackWhoseImagesGoToALayout_whenStatusIsAsked_thenTheRegistryNamesTheLayoutInsteadOfAProcess()
            throws java.io.IOException {
        StackLayout layout = StackLayout.at(dir);
        java.nio.file.Files.createDirectories(layout.stateDir());
        LocalRegistry registry = LocalRegistry.choose("oci-layout", true, ports, layout);
        java.nio.file.Files.writeString(layout.stackEnv(), StackInfo.of(layout, ports,
                new StackSettings("s", "gitops", "pw", registry), java.time.Duration.ofSeconds(1)).toEnvFile());
        Stack stack = new Stack(layout, ports, System.out, java.time.Duration.ofSeconds(1), "oci-layout");

        Map<String, String> status = stack.status();

        assertThat(status).containsEntry("registry", "no process: images go to an OCI image layout at "
                + layout.data().resolve("images")).containsEntry("kafka", "stopped");
    }

    @Test
    void givenAnUnknownSetting_whenChosen_thenTheAllowedValuesAreListed() {
        assertThatThrownBy(() -> LocalRegistry.choose("nexus", true, ports, StackLayout.at(dir)))
                .isInstanceOf(StackException.class)
                .hasMessage("GITOPS_REGISTRY must be auto, docker-registry or oci-layout, not 'nexus'");
    }
}
