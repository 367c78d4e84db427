package io.gitops.build.registry;

import java.util.List;
import java.util.Optional;

import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;

/** A container registry: where an image goes, whether a tag is there (and its digest), and what it found in it. */
public interface Registry {

    /** {@code ecr}, {@code oci} or {@code oci-layout}. */
    String kind();

    /** Makes sure the repository exists and says where and with which credentials to push {@code tag}. */
    Outcome<PushTarget> prepare(ImageRepository repository, String tag);

    /** The manifest digest of {@code repository:tag}, empty when the tag is not there. */
    Outcome<Optional<String>> digest(ImageRepository repository, String tag);

    /**
     * Called after the builder pushed to {@code target}: a registry that stages pushes (an OCI layout) makes the image
     * visible under its tag here and answers its digest; registry servers have nothing to do (empty).
     */
    default Outcome<Optional<String>> adopt(ImageRepository repository, PushTarget target) {
        return Outcome.success(Optional.empty());
    }

    /** Gates on what the registry found in the pushed image (ECR scan findings); none by default. */
    default Outcome<List<GateResult>> scanGates(ImageRepository repository, String tag, String digest) {
        return Outcome.success(List.of());
    }
}
