package io.gitops.build.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.OciImageLayout;

/**
 * Images kept on disk instead of in a registry server: each image repository is an OCI image layout
 * ({@link OciImageLayout}) at {@code <directory>/<repository path>}, e.g. {@code acme/sample-app}. The builder writes
 * the image into a fresh staging layout ({@link #prepare}); {@link #adopt} moves it into the repository's layout under
 * its tag, refusing a tag that already names another digest. For machines without a registry (the embedded stack
 * without {@code docker-registry}); tools read the layout with {@code skopeo inspect oci:<dir>:<tag>}.
 */
public final class OciLayoutRegistry implements Registry {

    private final Path directory;

    public OciLayoutRegistry(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "oci-layout";
    }

    public Path directory() {
        return directory;
    }

    /** The layout of one repository; a permanent failure for a path that would leave the directory. */
    Outcome<OciImageLayout> layout(ImageRepository repository) {
        return OciImageLayout.under(directory, repository.path());
    }

    @Override
    public Outcome<PushTarget> prepare(ImageRepository repository, String tag) {
        Outcome<OciImageLayout> layout = layout(repository);
        if (!(layout instanceof Outcome.Success<OciImageLayout>)) {
            return Outcome.permanent(((Outcome.PermanentFailure<OciImageLayout>) layout).reason());
        }
        Path staging = directory.resolve(".staging").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(staging.getParent());
        } catch (IOException e) {
            return Outcome.transientFailure("cannot create " + staging.getParent() + ": " + e.getMessage(), e);
        }
        return Outcome.success(new PushTarget(repository.host(), repository.path(), tag, Optional.empty(), false,
                Optional.of(staging)));
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        Outcome<OciImageLayout> layout = layout(repository);
        if (!(layout instanceof Outcome.Success<OciImageLayout> ok)) {
            return Outcome.permanent(((Outcome.PermanentFailure<OciImageLayout>) layout).reason());
        }
        return ok.value().digest(tag);
    }

    @Override
    public Outcome<Optional<String>> adopt(ImageRepository repository, PushTarget target) {
        Outcome<OciImageLayout> layout = layout(repository);
        if (!(layout instanceof Outcome.Success<OciImageLayout> ok)) {
            return Outcome.permanent(((Outcome.PermanentFailure<OciImageLayout>) layout).reason());
        }
        if (target.layout().isEmpty()) {
            return Outcome.permanent("the push to " + target.reference() + " wrote no OCI layout");
        }
        Path staged = target.layout().get();
        try {
            Outcome<String> adopted = ok.value().adopt(staged, target.tag());
            if (adopted instanceof Outcome.Success<String> digest) {
                return Outcome.success(Optional.of(digest.value()));
            }
            if (adopted instanceof Outcome.PermanentFailure<String> p) {
                return Outcome.permanent(p.reason(), p.cause());
            }
            Outcome.TransientFailure<String> t = (Outcome.TransientFailure<String>) adopted;
            return Outcome.transientFailure(t.reason(), t.cause());
        } finally {
            delete(staged);
        }
    }

    private static void delete(Path staged) {
        if (!Files.exists(staged)) {
            return;
        }
        try (var walk = Files.walk(staged)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: a leftover staging directory holds nothing the layout needs
        }
    }
}
