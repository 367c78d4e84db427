package io.gitops.build.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.Outcome;
import io.gitops.testing.registry.OciLayouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gitops.kit.registry.ImageRepository;

class OciLayoutRegistryTest {

    static final String TAG = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    @TempDir
    Path temp;

    @Test
    void givenAPushStagedByTheBuilder_whenAdopted_thenTheRepositoryLayoutHasTheTagAndTheStagingIsGone()
            throws IOException {
        OciLayoutRegistry registry = new OciLayoutRegistry(temp.resolve("images"));
        ImageRepository repository = ImageRepository.parse("127.0.0.1:15000/acme/shop");
        PushTarget target = ((Outcome.Success<PushTarget>) registry.prepare(repository, TAG)).value();
        String digest = OciLayouts.stage(target.layout().orElseThrow(), TAG, "{\"schemaVersion\":2}");

        Outcome<Optional<String>> adopted = registry.adopt(repository, target);

        assertThat(adopted).isEqualTo(Outcome.success(Optional.of(digest)));
        assertThat(registry.digest(repository, TAG)).isEqualTo(Outcome.success(Optional.of(digest)));
        assertThat(temp.resolve("images/acme/shop/index.json")).exists();
        assertThat(target.layout().orElseThrow()).doesNotExist();
        assertThat(target.reference()).isEqualTo("oci:" + target.layout().orElseThrow() + ":" + TAG);
    }

    @Test
    void givenARepositoryPathLeavingTheDirectory_whenPrepared_thenItIsRefused() {
        OciLayoutRegistry registry = new OciLayoutRegistry(temp.resolve("images"));

        Outcome<PushTarget> prepared = registry.prepare(new ImageRepository("127.0.0.1:15000", "../../etc"), TAG);

        assertThat(prepared).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .isEqualTo("image repository path '../../etc' cannot be an OCI layout under " + registry.directory()));
        assertThat(registry.digest(new ImageRepository("h", "../x"), TAG)).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void givenATargetWithoutALayout_whenAdopted_thenItFailsPermanently() {
        OciLayoutRegistry registry = new OciLayoutRegistry(temp.resolve("images"));
        ImageRepository repository = ImageRepository.parse("127.0.0.1:15000/acme/shop");

        Outcome<Optional<String>> adopted = registry.adopt(repository, new PushTarget("127.0.0.1:15000", "acme/shop",
                TAG, Optional.empty(), true));

        assertThat(adopted).isEqualTo(Outcome.permanent("the push to 127.0.0.1:15000/acme/shop:" + TAG
                + " wrote no OCI layout"));
        assertThat(Files.exists(temp.resolve("images/acme/shop"))).isFalse();
    }

    @Test
    void givenALayoutForSomeHosts_whenARegistryIsChosen_thenThoseHostsGoToTheLayoutAndEcrStaysEcr() {
        Registry ecr = new OciLayoutRegistry(temp.resolve("ecr-stand-in"));
        Registry oci = new OciRegistry(Optional.empty(), List.of(), java.time.Duration.ofSeconds(1));
        Registry layout = new OciLayoutRegistry(temp.resolve("images"));

        Registries registries = new Registries(ecr, oci, Optional.of(layout), List.of("127.0.0.1:15000"));

        assertThat(registries.forRepository(ImageRepository.parse("127.0.0.1:15000/acme/shop"))).isSameAs(layout);
        assertThat(registries.forRepository(ImageRepository.parse("ghcr.io/acme/shop"))).isSameAs(oci);
        assertThat(registries.forRepository(ImageRepository.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/s")))
                .isSameAs(ecr);
        assertThat(new Registries(ecr, oci, Optional.of(layout), List.of())
                .forRepository(ImageRepository.parse("ghcr.io/acme/shop"))).isSameAs(layout);
        assertThat(layout.kind()).isEqualTo("oci-layout");
    }
}
