package io.gitops.bumper.artifacts;

import java.util.Optional;

import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;

/** Asks the registry which manifest digest a tag names (empty: the registry does not have the tag). */
@FunctionalInterface
public interface ImageDigests {

    Outcome<Optional<String>> digest(ImageRepository repository, String tag);
}
