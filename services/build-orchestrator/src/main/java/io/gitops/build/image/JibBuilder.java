package io.gitops.build.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.gitops.build.dockerfile.Dockerfile;
import io.gitops.build.dockerfile.DockerfileException;
import io.gitops.build.dockerfile.DockerfileParser;
import io.gitops.build.registry.PushTarget;
import io.gitops.kit.Outcome;

/**
 * Builds {@code FROM scratch}-style images with jib-core, no container runtime at all (see {@link JibImagePlan} for
 * what it accepts). The build stage writes an OCI tarball; jib builds are reproducible (fixed timestamps), so the
 * push stage assembles the same image, same digest, straight into the registry.
 */
public final class JibBuilder implements ImageBuilder {

    public static final String NAME = "jib";
    private static final Instant EPOCH_PLUS_ONE = Instant.ofEpochSecond(1);

    @Override
    public String name() {
        return NAME;
    }

    private static Path tarball(ImageBuildRequest request) {
        return request.scratch().resolve("image.tar");
    }

    @Override
    public Outcome<LocalImage> build(ImageBuildRequest request) {
        try {
            Files.createDirectories(request.scratch());
            JibContainerBuilder builder = builder(request);
            builder.containerize(containerizer(Containerizer.to(TarImage.at(tarball(request))
                    .named(request.localName())), request));
            return Outcome.success(new LocalImage(NAME, tarball(request).toString()));
        } catch (JibImagePlan.UnsupportedException | DockerfileException e) {
            return Outcome.permanent(e.getMessage());
        } catch (InvalidImageReferenceException e) {
            return Outcome.permanent("bad image name " + request.localName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("jib build interrupted (service stopping)", e);
        } catch (IOException | ExecutionException | RegistryException | CacheDirectoryCreationException e) {
            return Outcome.permanent("jib build failed: " + e.getMessage());
        }
    }

    @Override
    public boolean exists(ImageBuildRequest request) {
        return Files.isRegularFile(tarball(request));
    }

    @Override
    public Outcome<String> push(ImageBuildRequest request, PushTarget target) {
        if (target.layout().isPresent()) {
            return Outcome.permanent("the jib builder cannot write an OCI image layout (" + target.reference()
                    + "); set gitops.build.image.builder=buildah");
        }
        try {
            RegistryImage image = RegistryImage.named(target.reference());
            target.credentials().ifPresent(c -> image.addCredential(c.username(), c.password()));
            JibContainer container = builder(request).containerize(containerizer(Containerizer.to(image), request)
                    .setAllowInsecureRegistries(target.insecure()));
            return Outcome.success(container.getDigest().toString());
        } catch (JibImagePlan.UnsupportedException | DockerfileException e) {
            return Outcome.permanent(e.getMessage());
        } catch (InvalidImageReferenceException e) {
            return Outcome.permanent("bad image reference " + target.reference() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("jib push interrupted (service stopping)", e);
        } catch (RegistryException e) {
            return Outcome.permanent("registry refused the push of " + target.reference() + ": " + e.getMessage());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean refused = cause instanceof RegistryException;
            String reason = (refused ? "registry refused the push of " : "push of ") + target.reference()
                    + (refused ? ": " : " failed: ") + cause.getMessage();
            return refused ? Outcome.permanent(reason) : Outcome.transientFailure(reason, cause);
        } catch (IOException | CacheDirectoryCreationException e) {
            return Outcome.transientFailure("push of " + target.reference() + " failed: " + e.getMessage(), e);
        }
    }

    private static Containerizer containerizer(Containerizer containerizer, ImageBuildRequest request) {
        return containerizer.setApplicationLayersCache(request.scratch().resolve("jib-cache"))
                .setBaseImageLayersCache(request.scratch().resolve("jib-base-cache"))
                .setToolName("gitops-build-orchestrator");
    }

    private static JibContainerBuilder builder(ImageBuildRequest request)
            throws IOException, DockerfileException, JibImagePlan.UnsupportedException {
        Dockerfile dockerfile = DockerfileParser.parse(Files.readString(request.dockerfile()), request.buildArgs());
        JibImagePlan plan = JibImagePlan.of(dockerfile, request.context());
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("app");
        plan.files().forEach((path, entry) -> layer.addEntry(entry.source(), AbsoluteUnixPath.get(path),
                FilePermissions.fromOctalString(entry.permissions()), EPOCH_PLUS_ONE,
                entry.owner() == null ? "" : entry.owner()));
        JibContainerBuilder builder = Jib.fromScratch().setFormat(ImageFormat.OCI).setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(layer.build()).setEnvironment(plan.env()).setLabels(plan.labels())
                .setExposedPorts(plan.ports().stream().map(Port::tcp).collect(Collectors.toSet()))
                .setVolumes(plan.volumes().stream().map(AbsoluteUnixPath::get).collect(Collectors.toSet()));
        if (plan.user() != null) {
            builder.setUser(plan.user());
        }
        if (plan.workdir() != null) {
            builder.setWorkingDirectory(AbsoluteUnixPath.get(plan.workdir()));
        }
        if (plan.entrypoint() != null) {
            builder.setEntrypoint(plan.entrypoint());
        }
        if (plan.cmd() != null) {
            builder.setProgramArguments(plan.cmd());
        }
        return builder;
    }
}
